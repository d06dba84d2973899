using System.Net;
using System.Text;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// The edge guard inside the real worker, behind the stand-in host: the token is checked before the
/// function runs, the health probe is open, and an oversize body is refused.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class EdgeEndToEndTests
{
    private const string Token = "edge-e2e-token";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private string _dataDirectory = null!;
    private LocalStackProcess _stack = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartStackAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("ossunzip-edge-e2e-").FullName;
        _stack = await LocalStackProcess.StartAsync(_dataDirectory, Token);
        _http = new HttpClient { Timeout = Wait };
    }

    [OneTimeTearDown]
    public async Task StopStackAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Task<HttpResponseMessage> PostAsync(byte[] body, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _stack.FunctionUrl) { Content = new ByteArrayContent(body) };
        if (token is not null)
        {
            request.Headers.Add("x-eventbridge-signature-token", token);
        }

        return _http.SendAsync(request);
    }

    [Test]
    public async Task Get_Health_Returns200WithoutToken()
    {
        using var response = await _http.GetAsync(new Uri(_stack.FunctionUrl, "/api/health"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"status\":\"ok\"}"));
    }

    [TestCase(null)]
    [TestCase("not-the-token")]
    public async Task Post_WithoutTheToken_Returns401Generic(string? token)
    {
        using var response = await PostAsync(Encoding.UTF8.GetBytes("{}"), token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"status\":\"unauthorized\"}"));
    }

    [Test]
    public async Task Post_BodyOver256KiB_Returns413()
    {
        using var response = await PostAsync(new byte[300 * 1024], Token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }
}
