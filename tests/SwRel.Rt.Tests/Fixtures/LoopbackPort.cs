using System.Net;
using System.Net.Sockets;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>
/// A port on 127.0.0.1 held for a server that a test starts, from before the port is written into the server's configuration
/// until the server is stopped for good; or, not handed to any server, a port where connections are refused.
/// </summary>
/// <remarks>
/// A port found free and then let go is anyone's until the server binds it: meanwhile the kernel may give it to another
/// program's outgoing connection or its bind to port 0, and then the server cannot start, or a test talks to the other program.
/// This socket keeps the port bound, not listening, with SO_REUSEADDR. The kernel then gives the port to no outgoing connection
/// and to no bind to port 0, and refuses connections to it; the server, which binds with SO_REUSEADDR as Kestrel, Starlet
/// (rt-server) and the rsync daemon do, may still bind and listen on it, and bind it again after a restart, since the held
/// socket does not listen.
/// </remarks>
public sealed class LoopbackPort : IDisposable
{
    // Linux's SOL_SOCKET and SO_REUSEADDR. Socket.ReuseAddress would also set SO_REUSEPORT on Linux, which lets another
    // listener share the port.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly Socket socket;

    private LoopbackPort(Socket socket)
    {
        this.socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>Binds a port that the kernel picks and holds it until disposed.</summary>
    public static LoopbackPort Reserve()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return new LoopbackPort(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => socket.Dispose();
}
