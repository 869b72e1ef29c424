using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>What the preview was made from: whose upload, for which plan, and the plan's state then.</summary>
public sealed record UploadInfo(string UserId, int PlanId, string FileName, string Fingerprint, DateTime UploadedAt);

/// <summary>
/// Keeps an uploaded workbook between the preview and the confirmation: a file with a random 256-bit name in
/// <c>PlanTransfer:UploadFolder</c> (default App_Data/imports), with a note of the user and plan it belongs to.
/// A confirmation must come from the same user for the same plan; the upload is claimed once (renamed) so a
/// double click cannot start two imports; uploads older than two hours are removed.
/// </summary>
public sealed partial class ImportUploads(IWebHostEnvironment environment, IConfiguration configuration, TimeProvider clock, ILogger<ImportUploads> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public string Folder { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath,
        configuration["PlanTransfer:UploadFolder"] is { Length: > 0 } folder ? folder : Path.Combine("App_Data", "imports")));

    public async Task<string> SaveAsync(byte[] content, UploadInfo info, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        RemoveOld();
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await File.WriteAllBytesAsync(Path.Combine(Folder, token + ".xlsx"), content, ct);
        await File.WriteAllTextAsync(Path.Combine(Folder, token + ".json"), JsonSerializer.Serialize(info), ct);
        return token;
    }

    /// <summary>The upload, if the token is well-formed, still there, and this user's for this plan.</summary>
    public async Task<(UploadInfo Info, byte[] Content)?> FindAsync(string? token, string userId, int planId, CancellationToken ct)
    {
        if (token is null || !TokenFormat().IsMatch(token) || !File.Exists(Path.Combine(Folder, token + ".json")))
        {
            return null;
        }
        try
        {
            var info = JsonSerializer.Deserialize<UploadInfo>(await File.ReadAllTextAsync(Path.Combine(Folder, token + ".json"), ct));
            if (info is null || info.UserId != userId || info.PlanId != planId || clock.GetUtcNow().UtcDateTime - info.UploadedAt > Lifetime)
            {
                return null;
            }
            return (info, await File.ReadAllBytesAsync(Path.Combine(Folder, token + ".xlsx"), ct));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Takes the upload for one import; false if another confirmation took it first.</summary>
    public bool Claim(string token)
    {
        try
        {
            File.Move(Path.Combine(Folder, token + ".json"), Path.Combine(Folder, token + ".claimed"));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Remove(string token)
    {
        foreach (var extension in new[] { ".xlsx", ".json", ".claimed" })
        {
            try
            {
                File.Delete(Path.Combine(Folder, token + extension));
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not remove the import upload {Token}{Extension}", token, extension);
            }
        }
    }

    private void RemoveOld()
    {
        var limit = clock.GetUtcNow().UtcDateTime - Lifetime;
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            if (File.GetLastWriteTimeUtc(file) < limit)
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // In use by an import right now; the next upload tries again.
                }
            }
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex TokenFormat();
}
