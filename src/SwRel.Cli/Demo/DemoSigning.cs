using System.ComponentModel;
using System.Diagnostics;
using SwRel.Metadata.Releases;
using SwRel.Repository.Publication;

namespace SwRel.Cli.Demo;

/// <summary>
/// The demo's signed repository: a throw-away key in its own GnuPG home inside the work folder, and real (tiny) rpm
/// packages, so that every area the release enters is a yum repository that dnf accepts. Used only when the programs
/// are installed; stops its gpg-agent on dispose.
/// </summary>
internal sealed class DemoSigning : IDisposable
{
    /// <summary>The Debian packages that bring the programs the publisher runs.</summary>
    public const string DebianPackages = "createrepo-c apt-utils gnupg gpgv rpm";

    private const string KeyUser = "swrel demo signing key <demo@swrel.invalid>";
    private static readonly string[] Programs = ["gpg", "gpgv", "gpgconf", "rpmsign", "rpmbuild", "createrepo_c"];

    private readonly string _folder;

    private DemoSigning(string folder, string home)
    {
        _folder = folder;
        Options = new PublicationOptions { GnuPgHome = home, SigningKey = KeyUser };
    }

    public PublicationOptions Options { get; }

    /// <summary>Gets the programs the signed demo needs that are not on <c>PATH</c>.</summary>
    public static IReadOnlyList<string> Missing() =>
        Programs.Where(p => !(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, p)))).ToList();

    /// <summary>Makes the throw-away key (no passphrase) in <c>{folder}/gnupg</c>.</summary>
    public static async Task<DemoSigning> CreateAsync(string folder, CancellationToken cancellationToken)
    {
        var home = Path.Combine(folder, "gnupg");
        Directory.CreateDirectory(home);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var signing = new DemoSigning(folder, home);
        await RunAsync("gpg", ["--homedir", home, "--batch", "--passphrase", "", "--quick-gen-key", KeyUser, "rsa2048", "sign", "never"], folder, cancellationToken)
            .ConfigureAwait(false);
        return signing;
    }

    /// <summary>Builds a tiny real rpm for one of the release's packages, saved under its file name.</summary>
    public async Task BuildRpmAsync(ReleasePackage package, string destination, CancellationToken cancellationToken)
    {
        var top = Path.Combine(_folder, "rpmbuild", package.Name);
        Directory.CreateDirectory(Path.Combine(top, "SPECS"));
        var spec = Path.Combine(top, "SPECS", package.Name + ".spec");
        await File.WriteAllTextAsync(spec, $"""
            Name: {package.Name}
            Version: {package.Version}
            Release: {package.Release}
            Summary: {package.Name}, a tiny package made by swrel demo
            License: Apache-2.0
            %description
            {package.Name}, a tiny package made by swrel demo.
            %install
            mkdir -p %{"{"}buildroot{"}"}/usr/share/{package.Name}
            echo {package.Version} > %{"{"}buildroot{"}"}/usr/share/{package.Name}/version
            %files
            /usr/share/{package.Name}/version
            """, cancellationToken).ConfigureAwait(false);
        await RunAsync("rpmbuild",
        [
            "--quiet", "-bb", "--target", package.Arch, "--define", "_topdir " + top, "--define", "_rpmdir " + destination,
            "--define", "_build_name_fmt " + package.FileName, spec,
        ], top, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Options.GnuPgHome, "--kill", "all"])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            });
            process?.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Win32Exception)
        {
            // Without gpgconf the agent ends by itself once its home is gone.
        }
    }

    private static async Task RunAsync(string program, IEnumerable<string> arguments, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{program}' could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await output.ConfigureAwait(false);
        var message = (await error.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program}' failed with exit code {process.ExitCode}: {message}");
        }
    }
}
