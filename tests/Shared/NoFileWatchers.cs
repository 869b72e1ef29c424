using System.Runtime.CompilerServices;

namespace Insatsportal.Tests.Shared;

/// <summary>
/// Every app host the tests start would watch its content folder and settings files through inotify, and Linux
/// allows a user 128 inotify instances by default: with the PostgreSQL twins, the two-instance tests and the
/// browser tests running side by side, hosts failed to start ("The configured user limit (128) on the number of
/// inotify instances has been reached"). The tests never change those files while a host runs, so hosts poll
/// instead of watching, and settings files are not reloaded.
/// </summary>
internal static class NoFileWatchers
{
#pragma warning disable CA2255 // A test assembly is the application here: its hosts start after this runs.
    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }
#pragma warning restore CA2255
}
