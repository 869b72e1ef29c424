using System.Globalization;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>Ids in URLs and form fields, and back: always invariant culture, whatever the test machine's culture.
/// Imported into every test file (a static Using in the csproj), instead of a private copy in each class.</summary>
public static class Ids
{
    /// <summary>An id or count as a URL or form writes it.</summary>
    public static string S(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The id at the end of a redirect such as <c>/insatser/42</c>, or in a given segment
    /// (<c>/insatser/42/redigera</c> is segment 2).</summary>
    public static int IdFrom(HttpResponseMessage redirect, int? segment = null)
    {
        var parts = redirect.Headers.Location!.OriginalString.Split('?')[0].Split('/');
        return int.Parse(segment is { } n ? parts[n] : parts[^1], CultureInfo.InvariantCulture);
    }
}
