using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>
/// A stand-in for Kolada's API v2 on a loopback port: a real Kestrel server answering in Kolada's JSON shapes
/// ({"count", "values", "next_page"}), three items a page so that every answer of more than three pages on, with
/// null values, gender-divided values, and a 500 when <see cref="Failing"/> is set. The app's real HttpClient
/// code talks to it through Kolada:BaseUrl.
/// </summary>
public sealed class FakeKolada : IAsyncDisposable
{
    public const int PageSize = 3;

    private readonly WebApplication _app;

    /// <summary>(kpi, municipality or ou, year) → [gender, value, status].</summary>
    public ConcurrentDictionary<(string Kpi, string Area, int Year), (string Gender, decimal? Value, string Status)[]> Data { get; } = new();

    public List<(string Id, string Title, int Divided, bool HasOu)> Kpis { get; } =
    [
        ("N15419", "Elever i åk. 9 som är behöriga till yrkesprogram, hemkommun, andel (%)", 1, true),
        ("N15505", "Elever i åk. 9, genomsnittligt meritvärde (17 ämnen), hemkommun", 1, true),
        ("N15504", "Elever i åk. 9, genomsnittligt meritvärde (16 ämnen), hemkommun", 1, false),
        ("U15011", "Lärare med pedagogisk högskoleexamen i grundskola, andel (%)", 0, true),
    ];

    private volatile bool _failing;

    /// <summary>Every request is answered with status 500 while this is set.</summary>
    public bool Failing { get => _failing; set => _failing = value; }
    public ConcurrentQueue<string> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    private FakeKolada(WebApplication app) => _app = app;

    public static async Task<FakeKolada> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeKolada(app);
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/') + "/v2";
        return fake;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (Failing)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("{\"error\":\"internal\"}");
                return;
            }
            await next(context);
        });
        app.MapGet("/v2/kpi", (HttpContext c, string? title) => Page(c, Kpis
            .Where(k => title is null || k.Title.Contains(title, StringComparison.OrdinalIgnoreCase))
            .Select(KpiJson).ToList()));
        app.MapGet("/v2/kpi/{ids}", (HttpContext c, string ids) => Page(c, Kpis
            .Where(k => ids.Split(',').Contains(k.Id)).Select(KpiJson).ToList()));
        app.MapGet("/v2/data/kpi/{kpis}/municipality/{areas}/year/{years}",
            (HttpContext c, string kpis, string areas, string years) => Page(c, Items(kpis, areas, years, "municipality")));
        app.MapGet("/v2/oudata/kpi/{kpis}/ou/{areas}/year/{years}",
            (HttpContext c, string kpis, string areas, string years) => Page(c, Items(kpis, areas, years, "ou")));
    }

    private static object KpiJson((string Id, string Title, int Divided, bool HasOu) k) => new Dictionary<string, object?>
    {
        ["id"] = k.Id, ["title"] = k.Title, ["description"] = "Testbeskrivning", ["is_divided_by_gender"] = k.Divided,
        ["has_ou_data"] = k.HasOu, ["municipality_type"] = "K", ["operating_area"] = "Grundskola",
    };

    private List<object> Items(string kpis, string areas, string years, string areaField)
    {
        var items = new List<object>();
        foreach (var kpi in kpis.Split(','))
        {
            foreach (var area in areas.Split(','))
            {
                foreach (var year in years.Split(',').Select(int.Parse))
                {
                    if (Data.TryGetValue((kpi, area, year), out var values))
                    {
                        items.Add(new Dictionary<string, object?>
                        {
                            ["kpi"] = kpi, [areaField] = area, ["period"] = year,
                            ["values"] = values.Select(v => new Dictionary<string, object?>
                            {
                                ["count"] = 1, ["gender"] = v.Gender, ["status"] = v.Status, ["value"] = v.Value,
                            }).ToList(),
                        });
                    }
                }
            }
        }
        return items;
    }

    /// <summary>One page of the items as ?page=n asks, with next_page when more follow.</summary>
    private static IResult Page(HttpContext c, List<object> all)
    {
        var page = int.TryParse(c.Request.Query["page"], out var p) ? p : 1;
        var values = all.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var body = new Dictionary<string, object?> { ["count"] = values.Count, ["values"] = values };
        if (page * PageSize < all.Count)
        {
            body["next_page"] = $"{c.Request.Scheme}://{c.Request.Host}{c.Request.Path}?page={page + 1}";
        }
        return Results.Text(JsonSerializer.Serialize(body), "application/json");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The app with Kolada:BaseUrl pointing at a <see cref="FakeKolada"/> of its own, and a small upload bound.</summary>
public sealed class KoladaAppFactory : AppFactory
{
    public const long MaxUploadBytes = 64 * 1024;

    public FakeKolada Kolada { get; } = FakeKolada.StartAsync().GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Kolada:BaseUrl", Kolada.BaseUrl);
        builder.UseSetting("Kolada:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Kolada.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
