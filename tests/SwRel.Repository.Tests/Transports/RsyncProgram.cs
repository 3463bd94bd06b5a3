namespace SwRel.Repository.Tests.Transports;

/// <summary>Finds the rsync program; the tests that need it fail (never skip) without it.</summary>
internal static class RsyncProgram
{
    public static string Path()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(folder, "rsync");
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("The rsync program is not installed: install it (for example 'apt-get install -y rsync'); the project's .ci/run installs it.");
        return "";
    }
}
