using Microsoft.Win32.SafeHandles;

namespace SwRel.IO;

/// <summary>An exclusive <c>flock</c> on an open lock file: disposing it unlocks the file, then closes it.</summary>
/// <remarks>
/// The lock belongs to the open file description, not to the descriptor: a child process that any thread of this
/// process forks holds a copy of the descriptor until it execs. Closing alone leaves the lock held while such a copy
/// exists, so that the next run, in this process or another, finds the root locked for as long as the child takes to
/// exec (long, on a loaded machine); unlocking first releases it for every copy at once.
/// </remarks>
internal sealed class HeldLock(SafeFileHandle handle) : IDisposable
{
    /// <summary>Gets the open lock file.</summary>
    public SafeFileHandle Handle { get; } = handle;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Handle.IsClosed)
        {
            return;
        }

        // An unlock that fails leaves only what closing would have left: the lock ends with the last copy.
        _ = Libc.Flock((int)Handle.DangerousGetHandle(), Libc.LockUnlock);
        Handle.Dispose();
    }
}
