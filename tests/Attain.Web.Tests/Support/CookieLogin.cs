using System.Net;
using System.Text.RegularExpressions;

namespace Attain.Web.Tests.Support;

/// <summary>Signs in through the UI's login form (GET /login for the antiforgery token, POST /account/login), as a browser would.</summary>
public static partial class CookieLogin
{
    /// <summary>The response of the login form post; its Set-Cookie carries the auth cookie on success.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password)
    {
        var ct = TestContext.Current.CancellationToken;
        using var page = await client.GetAsync(new Uri("/login", UriKind.Relative), ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        var cookies = Cookies(page);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = userName,
                ["password"] = password,
                ["returnUrl"] = "/",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request, ct);
    }

    /// <summary>A client that sends the auth cookie the login set, or throws when the login failed.</summary>
    public static async Task<HttpClient> SignInAsync(TestApp app, string userName, string password = TestApp.Password)
    {
        using var response = await PostAsync(app.Client(), userName, password);
        var cookie = Cookies(response);
        if (response.StatusCode != HttpStatusCode.Redirect || !cookie.Contains("attain=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Login as {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        var client = app.Client();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>The name=value pairs of the response's Set-Cookie headers, as a Cookie request header.</summary>
    public static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
