namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// The real disk, except that the change numbered <c>pauseAt</c> (from 0) is not made: instead the process
/// writes <c>marker</c> and waits to be killed, so that a test kills a child process at a chosen point mid-apply.
/// </summary>
internal sealed class PausingFileSystem(int pauseAt, string marker) : DelegatingFileSystem
{
    private int _operations;

    public override void CreateDirectory(string path)
    {
        Pause();
        base.CreateDirectory(path);
    }

    public override void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        Pause();
        base.WriteNewFile(path, content);
    }

    public override void CopyFile(string source, string destination)
    {
        Pause();
        base.CopyFile(source, destination);
    }

    public override bool TryLinkFile(string source, string destination)
    {
        Pause();
        return base.TryLinkFile(source, destination);
    }

    public override void Move(string source, string destination)
    {
        Pause();
        base.Move(source, destination);
    }

    public override void DeleteFile(string path)
    {
        Pause();
        base.DeleteFile(path);
    }

    public override void DeleteDirectory(string path)
    {
        Pause();
        base.DeleteDirectory(path);
    }

    private void Pause()
    {
        if (_operations++ == pauseAt)
        {
            File.WriteAllText(marker, "paused");
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
