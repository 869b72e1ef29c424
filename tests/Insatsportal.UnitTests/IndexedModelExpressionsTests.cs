using System.Linq.Expressions;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.UnitTests;

/// <summary>The forms' row fields (<c>asp-for="Responsible[i].RoleTitle"</c>) get from the walking provider exactly
/// what MVC's compiling one gives: the same field name, value and metadata.</summary>
public sealed class IndexedModelExpressionsTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().AddControllersWithViews().Services.BuildServiceProvider();

    private static readonly IModelMetadataProvider Metadata = Services.GetRequiredService<IModelMetadataProvider>();

    private static readonly ModelExpressionProvider Mvc = Services.GetRequiredService<ModelExpressionProvider>();

    private static readonly IndexedModelExpressionProvider Walking = new(Mvc, Metadata);

    private static ViewDataDictionary<InitiativeForm> ViewData() => new(Metadata, new ModelStateDictionary())
    {
        Model = new InitiativeForm
        {
            Title = "Läsfrämjande",
            Responsible = [new() { RoleTitle = "Rektor", DepartmentId = 4 }, new() { RoleTitle = null, UserId = "u-2", GroupId = 7 }],
        },
    };

    public static TheoryData<int> Rows => [0, 1];

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_row_field_over_a_loop_variable_has_the_same_name_value_and_metadata(int row)
    {
        // A captured variable, as in the views' for loops.
        var i = row;
        AssertSame(m => m.Responsible[i].RoleTitle);
        AssertSame(m => m.Responsible[i].DepartmentId);
        AssertSame(m => m.Responsible[i].GroupId);
        AssertSame(m => m.Responsible[i].UserId);
    }

    [Fact]
    public void A_constant_index_and_a_plain_property_are_the_same_too()
    {
        AssertSame(m => m.Responsible[1].UserId);
        AssertSame(m => m.Title);
        AssertSame(m => m.Responsible);
    }

    [Fact]
    public void A_row_field_is_walked_not_compiled()
    {
        var viewData = ViewData();
        string? Read(IModelExpressionProvider provider)
        {
            string? last = null;
            for (var i = 0; i < 2; i++)
            {
                last = (string?)provider.CreateModelExpression(viewData, m => m.Responsible[i].RoleTitle).Model;
            }
            return last;
        }
        Read(Walking);
        Read(Mvc);

        // Each compiled expression is a new method for the JIT: MVC's provider makes two per row field (the index for
        // the name, the value), the walking one none.
        var before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        Read(Walking);
        var walked = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - before;
        before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        Read(Mvc);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - before;

        Assert.Equal(0, walked);
        Assert.True(compiled >= 2, $"MVC's provider compiled {compiled} methods; the comparison no longer shows what it should.");
    }

    private static void AssertSame<TValue>(Expression<Func<InitiativeForm, TValue>> expression)
    {
        var viewData = ViewData();
        var expected = Mvc.CreateModelExpression(viewData, expression);
        var actual = Walking.CreateModelExpression(viewData, expression);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Same(expected.Metadata, actual.Metadata);
        Assert.Equal(expected.ModelExplorer.ModelType, actual.ModelExplorer.ModelType);
        Assert.Same(expected.ModelExplorer.Container.Metadata, actual.ModelExplorer.Container.Metadata);
    }
}
