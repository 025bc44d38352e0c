using Attendance.Data.Punches;

namespace Attendance.BotHost.Reviews;

public static class ReviewServices
{
    /// <summary>Human review of flagged punches: the decision service, its repository and the reviewer guard.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddSingleton<PunchReviewService>();
        services.AddSingleton<ReviewerAuthentication>();
        services.AddSingleton<ReviewEscalation>();
        return services;
    }
}
