using System.Net;
using System.Net.Sockets;

namespace Polku.Bench.Hosting;

/// <summary>Finds a currently free TCP port on 127.0.0.1 for a child process to bind.</summary>
public static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
