namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// The confined disk as it behaves when the areas of a root lie on different file systems: no file can get a second
/// name in another area (the kernel answers <c>EXDEV</c>), so every promote has to copy.
/// </summary>
internal sealed class CrossDeviceFileSystem : DelegatingFileSystem
{
    public int LinksRefused { get; private set; }

    public override bool TryLinkFile(string source, string destination)
    {
        LinksRefused++;
        return false;
    }
}
