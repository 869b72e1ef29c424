using System.Globalization;
using System.Text;
using Insatsportal.Web.Data;

namespace Insatsportal.UnitTests;

/// <summary>The Swedish order compares through cached sort keys; it must be the order ICU's own comparison gives, pair
/// by pair, with ties broken by the UTF-8 bytes.</summary>
public sealed class SwedishTextTests
{
    private static readonly CompareInfo Icu = CultureInfo.GetCultureInfo(SwedishText.Locale).CompareInfo;

    private static readonly string[] Words =
    [
        "", "a", "A", "aa", "Ab", "ab", "å", "Å", "ä", "Ä", "ö", "Ö", "z", "Z", "Åsa", "åsa", "Ängelholm", "Örebro", "Zinkgruvan",
        "Västerås", "vasteras", "Vä", "väg", "Väg", "Wallin", "Vallin", "1a", "10", "2", "e-post", "epost", "Éva", "Eva",
        "Smörgåsbordets förskola", "Smorgasbordets forskola", "Lärgrupp Läsa", "Lärgrupp läsa ",
        new string('x', 300) + "a", new string('x', 300) + "b", new string('x', 199) + "å", new string('x', 199) + "z",
    ];

    [Fact]
    public void Every_pair_is_ordered_as_ICU_orders_it_with_ties_broken_by_the_bytes()
    {
        foreach (var x in Words)
        {
            foreach (var y in Words)
            {
                var icu = Icu.Compare(x, y, CompareOptions.None);
                var expected = icu != 0 ? icu : Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
                Assert.True(Math.Sign(expected) == Math.Sign(SwedishText.Compare(x, y)), $"”{x}” against ”{y}”");
            }
        }
    }

    [Fact]
    public void Å_ä_and_ö_sort_after_z_and_small_letters_before_capitals_only_on_a_tie()
    {
        string[] names = ["Örebro", "Zinkgruvan", "Ängelholm", "Åsa", "åsa", "Alby", "alby", "Västerås", "Wallin"];
        Assert.Equal(["alby", "Alby", "Västerås", "Wallin", "Zinkgruvan", "åsa", "Åsa", "Ängelholm", "Örebro"], names.Order(SwedishText.Comparer));
    }
}
