using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.WebEncoders;

namespace Insatsportal.Web.Hosting;

public static class WebUi
{
    /// <summary>MVC with feature folders and Swedish messages, numbers and culture; Swedish letters unencoded;
    /// compressed responses.</summary>
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services
            .AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                SwedishMessages.Apply(options.ModelBindingMessageProvider);
                options.ModelBinderProviders.Insert(0, new SwedishNumberBinderProvider());
                options.ModelMetadataDetailsProviders.Add(new SwedishDisplayNameFallback());
            })
            .AddRazorOptions(options =>
            {
                // Feature folders: a controller's views live next to it in Features/<Feature>/.
                options.ViewLocationFormats.Clear();
                options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
                options.ViewLocationFormats.Add("/Features/History/{0}" + RazorViewEngine.ViewExtension);
                // Follow-up has three controllers (rounds, reports, att göra) in one feature folder.
                options.ViewLocationFormats.Add("/Features/FollowUps/{1}/{0}" + RazorViewEngine.ViewExtension);
                // Administration's controllers (users, organisation) share one folder; their views are named.
                options.ViewLocationFormats.Add("/Features/Administration/{0}" + RazorViewEngine.ViewExtension);
            });

        // The forms' row fields are read without compiling an expression per field and request (IndexedModelExpressions.cs).
        services.AddSingleton<IModelExpressionProvider, IndexedModelExpressionProvider>();

        // Razor encodes everything outside Basic Latin by default; å, ä and ö are kept as they are.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // Brotli or gzip for pages and JSON at the fastest level (a 200 KB page shrinks about tenfold for well under a
        // millisecond); static assets come precompressed from MapStaticAssets. Which responses are compressed, and why that
        // is safe against BREACH, is in docs/security.md ("Response compression") and SameOriginCompressionProvider.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.AddSingleton<IResponseCompressionProvider, Security.SameOriginCompressionProvider>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var swedish = new CultureInfo("sv-SE");
            options.DefaultRequestCulture = new RequestCulture(swedish);
            options.SupportedCultures = [swedish];
            options.SupportedUICultures = [swedish];
            options.RequestCultureProviders.Clear();
        });
        return services;
    }
}
