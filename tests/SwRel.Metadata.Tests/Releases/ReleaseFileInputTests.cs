using System.Diagnostics;
using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

/// <summary>ReadFile opens only regular files: a FIFO would block for ever, /dev/zero never ends, and a folder is named as one.</summary>
public sealed class ReleaseFileInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-release-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_FIFO_is_refused_by_name_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_folder, "release.xml");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            Assert.True(mkfifo.WaitForExit(TimeSpan.FromMinutes(2)));
        }

        // The guard fails the test with a TimeoutException instead of hanging it.
        var sync = await Task.Run(() => Assert.ThrowsAny<IOException>(() => ReleaseDescriptorReader.ReadFile(fifo))).WaitAsync(TimeSpan.FromMinutes(2));
        var async = await Task.Run(() => Assert.ThrowsAnyAsync<IOException>(() => ReleaseDescriptorReader.ReadFileAsync(fifo))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal($"'{fifo}' is a FIFO (named pipe), not a regular file.", sync.Message);
        Assert.Equal(sync.Message, async.Message);
    }

    [Fact]
    public async Task A_device_is_refused_by_name_without_being_read()
    {
        var error = await Task.Run(() => Assert.ThrowsAny<IOException>(() => ReleaseDescriptorReader.ReadFile("/dev/zero"))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("'/dev/zero' is a character device, not a regular file.", error.Message);
    }

    [Fact]
    public void A_folder_is_named_as_a_folder_not_as_access_denied()
    {
        var error = Assert.ThrowsAny<IOException>(() => ReleaseDescriptorReader.ReadFile(_folder));

        Assert.Equal($"'{_folder}' is a folder, not a regular file.", error.Message);
    }
}
