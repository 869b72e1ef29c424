namespace Insatsportal.Web.Features.BoardReports;

public static class BoardReportServices
{
    public static IServiceCollection AddBoardReports(this IServiceCollection services) =>
        services.AddScoped<BoardReportQueries>();
}
