using System.Diagnostics;
using SwRel.Repository.Publication;
using SwRel.Tests;

namespace SwRel.Repository.Tests.Publication;

/// <summary>
/// A temporary folder with a repository root, a throw-away signing key in its own GnuPG home (no passphrase), and
/// helpers that make tiny real packages (rpmbuild, dpkg-deb) and run the real clients. Stops its gpg-agent on dispose.
/// </summary>
internal sealed class PublicationBench : IDisposable
{
    public PublicationBench()
    {
        Folder = Path.Combine(Path.GetTempPath(), "swrel-pub-" + Guid.NewGuid().ToString("N")[..12]);
        Root = Path.Combine(Folder, "repo");
        GnuPgHome = Path.Combine(Folder, "gnupg");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(GnuPgHome);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(GnuPgHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Run(RequiredProgram.Gpg.Path(), ["--homedir", GnuPgHome, "--batch", "--passphrase", "", "--quick-gen-key", KeyUser, "rsa2048", "sign", "never"], Folder);
        Options = new PublicationOptions { GnuPgHome = GnuPgHome, SigningKey = KeyUser };
    }

    public const string KeyUser = "SwRel Test Signing <signing@swrel.invalid>";

    public string Folder { get; }

    public string Root { get; }

    public string GnuPgHome { get; }

    public PublicationOptions Options { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// Builds a tiny noarch <c>.rpm</c> named <c>{name}-{version}-1.noarch.rpm</c> into a folder of the bench (beside the
    /// repository root), holding one file with <paramref name="payload"/> (the version by default).
    /// </summary>
    public string BuildRpm(string folder, string name, string version, string? payload = null)
    {
        var top = Path.Combine(Folder, "rpmbuild-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(top, "SPECS"));
        var spec = Path.Combine(top, "SPECS", name + ".spec");
        File.WriteAllText(spec, $"""
            Name: {name}
            Version: {version}
            Release: 1
            Summary: A tiny package for the SwRel tests
            License: Apache-2.0
            BuildArch: noarch
            %description
            A tiny package for the SwRel tests.
            %install
            mkdir -p %{"{"}buildroot{"}"}/usr/share/{name}
            echo {payload ?? version} > %{"{"}buildroot{"}"}/usr/share/{name}/version
            %files
            /usr/share/{name}/version
            """);
        var destination = Path.Combine(Folder, folder);
        Directory.CreateDirectory(destination);
        Run(RequiredProgram.Rpmbuild.Path(), ["--quiet", "-bb", "--define", "_topdir " + top, "--define", "_rpmdir " + destination,
            "--define", "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm", spec], top);
        return Path.Combine(destination, $"{name}-{version}-1.noarch.rpm");
    }

    /// <summary>Builds a tiny <c>Architecture: all</c> <c>.deb</c> named <c>{name}_{version}_all.deb</c> into a folder of the bench (beside the repository root).</summary>
    public string BuildDeb(string folder, string name, string version)
    {
        var tree = Path.Combine(Folder, "deb-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(tree, "DEBIAN"));
        Directory.CreateDirectory(Path.Combine(tree, "usr/share", name));
        File.WriteAllText(Path.Combine(tree, "usr/share", name, "version"), version + "\n");
        File.WriteAllText(Path.Combine(tree, "DEBIAN/control"),
            $"Package: {name}\nVersion: {version}\nArchitecture: all\nMaintainer: SwRel tests <tests@swrel.invalid>\nDescription: A tiny package for the SwRel tests\n");
        var destination = Path.Combine(Folder, folder);
        Directory.CreateDirectory(destination);
        var deb = Path.Combine(destination, $"{name}_{version}_all.deb");
        Run(RequiredProgram.DpkgDeb.Path(), ["--root-owner-group", "--build", tree, deb], tree);
        return deb;
    }

    /// <summary>Runs a program to its end (at most two minutes) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) TryRun(string program, IEnumerable<string> arguments, string folder, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within two minutes.");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    public static string Run(string program, IEnumerable<string> arguments, string folder)
    {
        var (code, output) = TryRun(program, arguments, folder);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} exited with {code}: {output}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            TryRun("gpgconf", ["--homedir", GnuPgHome, "--kill", "all"], Path.GetTempPath());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No gpgconf: the agent ends by itself once its home is gone.
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
