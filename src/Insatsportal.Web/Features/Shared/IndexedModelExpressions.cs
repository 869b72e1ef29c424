using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// The <c>asp-for</c> expressions of the forms' repeated rows (<c>Responsible[i].RoleTitle</c>), read without
/// compiling them. MVC caches the compiled form of a plain member chain, but an expression with an indexer over a
/// loop variable is compiled twice on every use (once to print the index into the field's name, once to read the
/// value) and each compiled method is finalized later: on an insats that targets all of Stockholm's units that was
/// two thirds of the edit form's time. Here such an expression is walked instead — member reads by reflection, the
/// index from the loop's captured variable — and the result is the same name, value and metadata MVC would give
/// (IndexedModelExpressionsTests compares them); anything else goes to MVC's own provider.
/// </summary>
public sealed class IndexedModelExpressionProvider(ModelExpressionProvider mvc, IModelMetadataProvider metadata) : IModelExpressionProvider
{
    public ModelExpression CreateModelExpression<TModel, TValue>(ViewDataDictionary<TModel> viewData, Expression<Func<TModel, TValue>> expression)
    {
        ArgumentNullException.ThrowIfNull(viewData);
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Body is not MemberExpression { Member: PropertyInfo property } body || !HasIndexer(body)
            || !TryWalk(body.Expression!, expression.Parameters[0], viewData.Model, out var name, out var container))
        {
            return mvc.CreateModelExpression(viewData, expression);
        }
        var value = container is null ? null : property.GetValue(container);
        var propertyMetadata = metadata.GetMetadataForType(body.Expression!.Type).Properties[property.Name]
            ?? metadata.GetMetadataForType(typeof(TValue));
        return new ModelExpression(name.Append('.').Append(property.Name).ToString(),
            viewData.ModelExplorer.GetExplorerForExpression(propertyMetadata, value));
    }

    private static bool HasIndexer(Expression? node)
    {
        for (; node is not null; node = node switch
        {
            MemberExpression member => member.Expression,
            MethodCallExpression call => call.Object,
            BinaryExpression { NodeType: ExpressionType.ArrayIndex } index => index.Left,
            _ => null,
        })
        {
            if (node is MethodCallExpression or BinaryExpression { NodeType: ExpressionType.ArrayIndex })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The field name and value of a chain of properties and single-argument indexers over the model;
    /// false for any other shape, which MVC then handles.</summary>
    private static bool TryWalk(Expression node, ParameterExpression model, object? modelValue, out StringBuilder name, out object? value)
    {
        switch (node)
        {
            case ParameterExpression parameter when parameter == model:
                (name, value) = (new StringBuilder(), modelValue);
                return true;
            case MemberExpression { Member: PropertyInfo property, Expression: { } inner }
                when TryWalk(inner, model, modelValue, out name, out var owner):
                if (name.Length > 0)
                {
                    name.Append('.');
                }
                name.Append(property.Name);
                value = owner is null ? null : property.GetValue(owner);
                return true;
            case MethodCallExpression { Method.Name: "get_Item", Object: { } list, Arguments: [var argument] }
                when TryConstant(argument, out var index) && index is int position && TryWalk(list, model, modelValue, out name, out var items):
                name.Append('[').Append(position.ToString(CultureInfo.InvariantCulture)).Append(']');
                value = items is IList indexed ? indexed[position] : null;
                return true;
            case BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: var arrayNode, Right: var arrayArgument }
                when TryConstant(arrayArgument, out var arrayIndex) && arrayIndex is int arrayPosition
                    && TryWalk(arrayNode, model, modelValue, out name, out var elements):
                name.Append('[').Append(arrayPosition.ToString(CultureInfo.InvariantCulture)).Append(']');
                value = elements is IList array ? array[arrayPosition] : null;
                return true;
            default:
                (name, value) = (null!, null);
                return false;
        }
    }

    /// <summary>An index that is a constant or a captured variable: a field of the closure's constant, or of a closure
    /// that closure holds (Razor's nested lambdas).</summary>
    private static bool TryConstant(Expression node, out object? value)
    {
        switch (node)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case MemberExpression { Member: FieldInfo field, Expression: { } owner } when TryConstant(owner, out var closure) && closure is not null:
                value = field.GetValue(closure);
                return true;
            default:
                value = null;
                return false;
        }
    }
}
