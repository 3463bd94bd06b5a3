namespace SwRel.Tests;

/// <summary>
/// A real program that tests run, looked up on the PATH once per test run. A test that needs a missing one fails at
/// once with the command that installs it, rather than with whatever the program's absence breaks further on.
/// </summary>
/// <remarks>Every program listed in <see cref="All"/> has its line in <see cref="SetupScript"/> (a test checks it).</remarks>
internal sealed class RequiredProgram
{
    /// <summary>The script, relative to the checkout, that installs every program the tests run.</summary>
    public const string SetupScript = "tests/install-test-programs.sh";

    private readonly Lazy<string?> _path;

    internal RequiredProgram(string command, string debianPackage)
    {
        Command = command;
        DebianPackage = debianPackage;
        _path = new Lazy<string?>(() => Find(command));
    }

    /// <summary>Gets rsync: the rsync transport's client, and the daemon the transport tests serve releases from.</summary>
    public static RequiredProgram Rsync { get; } = new("rsync", "rsync");

    /// <summary>Gets createrepo_c, which builds yum indexes.</summary>
    public static RequiredProgram Createrepo { get; } = new("createrepo_c", "createrepo-c");

    /// <summary>Gets apt-ftparchive, which builds apt indexes.</summary>
    public static RequiredProgram AptFtparchive { get; } = new("apt-ftparchive", "apt-utils");

    /// <summary>Gets gpg, which makes the tests' throw-away keys and signs.</summary>
    public static RequiredProgram Gpg { get; } = new("gpg", "gnupg");

    /// <summary>Gets gpgv, which checks signatures against the published keys.</summary>
    public static RequiredProgram Gpgv { get; } = new("gpgv", "gpgv");

    /// <summary>Gets rpmsign, which signs each package.</summary>
    public static RequiredProgram Rpmsign { get; } = new("rpmsign", "rpm");

    /// <summary>Gets rpmbuild, which makes the tests' tiny packages.</summary>
    public static RequiredProgram Rpmbuild { get; } = new("rpmbuild", "rpm");

    /// <summary>Gets dnf, the yum client that proves a published yum repository.</summary>
    public static RequiredProgram Dnf { get; } = new("dnf", "dnf");

    /// <summary>Gets dpkg-deb, which makes the tests' tiny Debian packages.</summary>
    public static RequiredProgram DpkgDeb { get; } = new("dpkg-deb", "dpkg");

    /// <summary>Gets apt-get, the apt client that proves a published apt repository.</summary>
    public static RequiredProgram AptGet { get; } = new("apt-get", "apt");

    /// <summary>Gets setpriv, which runs a publication as an unprivileged user when the tests run as root.</summary>
    public static RequiredProgram Setpriv { get; } = new("setpriv", "util-linux");

    /// <summary>Gets every program the tests run.</summary>
    public static IReadOnlyList<RequiredProgram> All { get; } =
        [Rsync, Createrepo, AptFtparchive, Gpg, Gpgv, Rpmsign, Rpmbuild, Dnf, DpkgDeb, AptGet, Setpriv];

    public string Command { get; }

    public string DebianPackage { get; }

    public string MissingMessage =>
        $"{Command} is not installed: run `sudo apt-get install {DebianPackage}` or `sudo bash {SetupScript}`, which installs every program the tests run.";

    /// <summary>Returns the program's full path, or fails the calling test with <see cref="MissingMessage"/>.</summary>
    public string Path()
    {
        if (_path.Value is { } path)
        {
            return path;
        }

        Assert.Fail(MissingMessage);
        return "";
    }

    private static string? Find(string command)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(folder, command);
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
