using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>cidr: a string holding an IPv4 address inside the block (IPv4 only, as Alibaba documents).</summary>
internal sealed class CidrMatcher(IPNetwork network) : IValueMatcher
{
    public bool Matches(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && IPAddress.TryParse(value.GetString(), out var address)
        && address.AddressFamily == AddressFamily.InterNetwork
        && network.Contains(address);
}
