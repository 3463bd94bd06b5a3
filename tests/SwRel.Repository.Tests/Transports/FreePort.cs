using System.Net;
using System.Net.Sockets;

namespace SwRel.Repository.Tests.Transports;

internal static class FreePort
{
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
