using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>A failed fetch, with the Swedish reason shown to the user ("Kolada svarade med status 500").</summary>
public sealed class KoladaFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads Kolada's public API (v2 shapes): metadata and data, following next_page until the answer ends. Every
/// failure (network, timeout, status, malformed JSON) becomes a <see cref="KoladaFetchException"/>, so the caller
/// keeps its old values and says why.
/// </summary>
public sealed class KoladaClient(HttpClient http, IOptions<KoladaOptions> options)
{
    /// <summary>Ids joined into one path segment; Kolada takes comma-separated lists.</summary>
    private static string List(IEnumerable<string> ids) => string.Join(',', ids.Select(Uri.EscapeDataString));

    private string BaseUrl => options.Value.BaseUrl.TrimEnd('/');

    public Task<List<KoladaKpiItem>> KpisByTitleAsync(string title, CancellationToken ct) =>
        AllPagesAsync<KoladaKpiItem>(
            title.Length == 0 ? $"{BaseUrl}/kpi" : $"{BaseUrl}/kpi?title={Uri.EscapeDataString(title)}", ct);

    public Task<List<KoladaKpiItem>> KpisByIdAsync(IEnumerable<string> ids, CancellationToken ct) =>
        AllPagesAsync<KoladaKpiItem>($"{BaseUrl}/kpi/{List(ids)}", ct);

    public Task<List<KoladaDataItem>> MunicipalityDataAsync(
        IEnumerable<string> kpis, IEnumerable<string> municipalities, IEnumerable<int> years, CancellationToken ct) =>
        AllPagesAsync<KoladaDataItem>(
            $"{BaseUrl}/data/kpi/{List(kpis)}/municipality/{List(municipalities)}/year/{string.Join(',', years)}", ct);

    public Task<List<KoladaDataItem>> UnitDataAsync(
        IEnumerable<string> kpis, IEnumerable<string> ous, IEnumerable<int> years, CancellationToken ct) =>
        AllPagesAsync<KoladaDataItem>($"{BaseUrl}/oudata/kpi/{List(kpis)}/ou/{List(ous)}/year/{string.Join(',', years)}", ct);

    private async Task<List<T>> AllPagesAsync<T>(string url, CancellationToken ct)
    {
        var all = new List<T>();
        string? next = url;
        for (var page = 0; next is not null; page++)
        {
            if (page >= options.Value.MaxPages)
            {
                throw new KoladaFetchException($"Kolada svarade med fler än {options.Value.MaxPages} sidor.");
            }
            var result = await GetAsync<T>(next, ct);
            all.AddRange(result.Values ?? []);
            next = string.IsNullOrWhiteSpace(result.NextPage) ? null : result.NextPage;
        }
        return all;
    }

    private async Task<KoladaPage<T>> GetAsync<T>(string url, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new KoladaFetchException($"Kolada svarade med status {(int)response.StatusCode}.");
            }
            return await response.Content.ReadFromJsonAsync<KoladaPage<T>>(KoladaJson.Options, timeout.Token)
                   ?? throw new KoladaFetchException("Kolada svarade utan innehåll.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new KoladaFetchException("Kolada svarade inte i tid.");
        }
        catch (HttpRequestException ex)
        {
            throw new KoladaFetchException("Kolada gick inte att nå.", ex);
        }
        catch (JsonException ex)
        {
            throw new KoladaFetchException("Kolada svarade med något som inte är giltig JSON.", ex);
        }
    }
}
