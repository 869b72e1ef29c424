using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Insatsportal.Web.Data.Configurations;

/// <summary>Column lengths, shared by the model and the forms' validation so the two cannot drift apart.</summary>
public static class Lengths
{
    public const int Key = 100;
    public const int Name = 200;
    public const int Title = 400;
    public const int Phrase = 200;
    public const int Reason = 1000;
    public const int Text = 4000;
    public const int LongText = 20000;

    internal static PropertyBuilder<string> HaveKey(this PropertyBuilder<string> property) =>
        property.HasMaxLength(Key).IsRequired();
}
