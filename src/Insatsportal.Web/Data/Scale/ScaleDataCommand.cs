namespace Insatsportal.Web.Data.Scale;

/// <summary>
/// <c>--generate-scale-data stockholm|small</c>: migrates and seeds as a normal start would (the caller has done
/// that), writes the scale data set into the demo förvaltning and exits (docs/performance.md).
/// </summary>
public static class ScaleDataCommand
{
    public const string Option = "--generate-scale-data";

    public static bool IsRequested(string[] args) => args.Contains(Option);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var at = Array.IndexOf(args, Option);
        var name = at + 1 < args.Length ? args[at + 1] : "";
        var profile = ScaleProfile.Named(name);
        if (profile is null)
        {
            await output.WriteLineAsync($"Ange storlek: {Option} stockholm (600 enheter, 5 000 insatser, 58 000 rapporter) eller small (en tiondel).");
            return 2;
        }
        using var scope = services.CreateScope();
        try
        {
            var summary = await scope.ServiceProvider.GetRequiredService<ScaleDataGenerator>().GenerateAsync(profile);
            await output.WriteLineAsync($"Skaldata ({profile.Name}) skrivna: {summary}.");
            return 0;
        }
        catch (ScaleDataException e)
        {
            await output.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
