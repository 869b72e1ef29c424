using System.Text.Json;
using System.Text.Json.Serialization;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>One page of a Kolada answer: {"count": n, "values": [...], "next_page": "url"}.</summary>
public sealed class KoladaPage<T>
{
    [JsonPropertyName("count")] public int Count { get; set; }
    [JsonPropertyName("values")] public List<T>? Values { get; set; }
    [JsonPropertyName("next_page")] public string? NextPage { get; set; }
}

/// <summary>A key figure's values for one area and year: {"kpi", "municipality" or "ou", "period", "values"}.</summary>
public sealed class KoladaDataItem
{
    [JsonPropertyName("kpi")] public string? Kpi { get; set; }
    [JsonPropertyName("municipality")] public string? Municipality { get; set; }
    [JsonPropertyName("ou")] public string? Ou { get; set; }
    [JsonPropertyName("period")] public int Period { get; set; }
    [JsonPropertyName("values")] public List<KoladaGenderValue>? Values { get; set; }
}

public sealed class KoladaGenderValue
{
    [JsonPropertyName("gender")] public string? Gender { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("value")] public decimal? Value { get; set; }
    [JsonPropertyName("count")] public int? Count { get; set; }
}

/// <summary>A key figure in the catalogue (/kpi). Kolada writes is_divided_by_gender as 0/1; true/false is read too.</summary>
public sealed class KoladaKpiItem
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("is_divided_by_gender")] public JsonElement IsDividedByGender { get; set; }
    [JsonPropertyName("has_ou_data")] public JsonElement HasOuData { get; set; }

    public bool IsDivided => Truthy(IsDividedByGender);
    public bool HasOu => Truthy(HasOuData);

    private static bool Truthy(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => e.TryGetInt32(out var n) && n != 0,
        JsonValueKind.String => e.GetString() is "1" or "true",
        _ => false,
    };
}

public static class KoladaJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        MaxDepth = 16,
    };
}
