using System.Reflection;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace Insatsportal.Web.Security;

/// <summary>
/// Refuses passwords that attackers try first (OWASP ASVS 4.0.3 V2.1.7): the shipped list of common passwords
/// (common-passwords.txt, read once per process), the same with digits or symbols around it ("lösenord1234"),
/// a short or listed piece repeated ("qwertyqwerty"), a run of digits or keys ("123456789012"), and the user's
/// own e-mail address. Length is Identity's
/// rule; there are deliberately no composition rules (V2.1.9).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string Code = "CommonPassword";
    public const string Message = "Lösenordet är för vanligt eller för lätt att gissa. Välj en längre fras som inte är ett känt lösenord.";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    /// <summary>Runs of the digits, the alphabet and the Swedish keyboard, forwards and backwards.</summary>
    private static readonly string[] Sequences = new[]
    {
        string.Concat(Enumerable.Repeat("0123456789", 4)),
        string.Concat(Enumerable.Repeat("abcdefghijklmnopqrstuvwxyzåäö", 2)),
        string.Concat(Enumerable.Repeat("qwertyuiopåasdfghjklöäzxcvbnm", 2)),
    }.SelectMany(s => new[] { s, new string(s.Reverse().ToArray()) }).ToArray();

    public static int Count => List.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(string.IsNullOrEmpty(password) || !IsCommon(password, user)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = Code, Description = Message }));

    public static bool IsCommon(string password, AppUser? user = null)
    {
        var lower = password.Trim().ToLowerInvariant();
        var core = lower.Trim(AroundChars(lower));
        if (List.Value.Contains(lower) || List.Value.Contains(core) || Sequences.Any(s => s.Contains(lower, StringComparison.Ordinal)))
        {
            return true;
        }
        if (Repeated(lower) is { } unit && (unit.Length <= 4 || List.Value.Contains(unit) || List.Value.Contains(unit.Trim(AroundChars(unit)))))
        {
            return true;
        }
        var email = user?.Email?.ToLowerInvariant();
        var local = email?.Split('@')[0];
        return email is not null && (core == email || core == local || lower.Contains(email, StringComparison.Ordinal));
    }

    /// <summary>The digits, punctuation and spaces that people put around a word to pass a length rule.</summary>
    private static char[] AroundChars(string text) => text.Where(c => !char.IsLetter(c)).Distinct().ToArray();

    /// <summary>The shortest piece that the whole text repeats, if it is a repetition.</summary>
    private static string? Repeated(string text)
    {
        for (var length = 1; length <= text.Length / 2; length++)
        {
            if (text.Length % length == 0 && string.Concat(Enumerable.Repeat(text[..length], text.Length / length)) == text)
            {
                return text[..length];
            }
        }
        return null;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Insatsportal.Web.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
