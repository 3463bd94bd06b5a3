using SwRel.Repository.Publication;
using SwRel.Tests;

namespace SwRel.Repository.Tests.Publication;

/// <summary>The real clients, each in its own temporary folder and offline: dnf with an install root, apt-get with its own Dir.</summary>
internal static class RepositoryClients
{
    /// <summary>Installs a package with dnf into a fresh install root, using one <c>.repo</c> file alone.</summary>
    /// <returns>dnf's exit code and output; the install root is <c>{work}/root</c>.</returns>
    public static (int ExitCode, string Output) DnfInstall(string work, string repoFileText, string package)
    {
        var repos = Path.Combine(work, "yum.repos.d");
        Directory.CreateDirectory(repos);
        File.WriteAllText(Path.Combine(repos, "release.repo"), repoFileText);
        var root = Path.Combine(work, "root");
        return PublicationBench.TryRun(RequiredProgram.Dnf.Path(),
        [
            "-y", "--installroot=" + root, "--setopt=reposdir=" + repos, "--setopt=cachedir=" + Path.Combine(work, "cache"),
            "--setopt=install_weak_deps=False", "--setopt=skip_if_unavailable=False", "--disableplugin=*", "--releasever=1",
            "--nodocs", "install", package,
        ], work);
    }

    /// <summary>
    /// Downloads a package with apt-get (<c>update</c>, then <c>install --download-only</c>) from one <c>.list</c> line
    /// alone, its <c>signed-by</c> keyring taken from the repository; the download lands in <c>{work}/var/cache/apt/archives</c>.
    /// </summary>
    public static (int ExitCode, string Output) AptDownload(string work, string listText, string keyring, string package)
    {
        foreach (var folder in (string[])["etc/apt/sources.list.d", "etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/trusted.gpg.d",
                     "var/lib/apt/lists/partial", "var/cache/apt/archives/partial", "var/lib/dpkg", "keys"])
        {
            Directory.CreateDirectory(Path.Combine(work, folder));
        }

        // The site's copy of the published keyring, where the .list file's signed-by expects it.
        var siteKeyring = Path.Combine(work, "keys", "swrel-archive-keyring.gpg");
        File.Copy(keyring, siteKeyring, overwrite: true);
        File.WriteAllText(Path.Combine(work, "var/lib/dpkg/status"), "");
        File.WriteAllText(Path.Combine(work, "etc/apt/sources.list.d/release.list"),
            listText.Replace(PublishedKeys.AptKeyringLocation, siteKeyring, StringComparison.Ordinal));
        string[] options =
        [
            "-o", "Dir=" + work + "/", "-o", "Dir::State::status=" + Path.Combine(work, "var/lib/dpkg/status"),
            "-o", "Dir::Etc::sourcelist=-", "-o", "Dir::Etc::trusted=-", "-o", "Debug::NoLocking=true",
            "-o", "APT::Sandbox::User=root", "-o", "Acquire::Languages=none", "-o", "Acquire::Retries=0", "-q",
        ];
        var update = PublicationBench.TryRun(RequiredProgram.AptGet.Path(), [.. options, "update"], work);
        if (update.ExitCode != 0 || update.Output.Contains("W: ", StringComparison.Ordinal) || update.Output.Contains("E: ", StringComparison.Ordinal))
        {
            return (update.ExitCode == 0 ? 100 : update.ExitCode, update.Output);
        }

        return PublicationBench.TryRun(RequiredProgram.AptGet.Path(), [.. options, "-y", "--download-only", "install", package], work);
    }
}
