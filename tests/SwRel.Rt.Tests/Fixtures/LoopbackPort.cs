using System.Net;
using System.Net.Sockets;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>Free TCP ports on 127.0.0.1, for the servers the tests start.</summary>
public static class LoopbackPort
{
    /// <summary>A port that nothing listened on a moment ago.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
