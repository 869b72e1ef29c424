namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// A temporary file for a large download (nämndunderlag, plan export): the Office file is written into it and then
/// streamed to the response, so that the finished file never sits in memory as a byte array. The file is deleted
/// when the stream is closed (after the response has been sent, or on an error).
/// </summary>
public static class TempFiles
{
    public static FileStream Create() => new(
        Path.Combine(Path.GetTempPath(), $"insatsportal-{Guid.NewGuid():N}.tmp"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);

    /// <summary>Writes with <paramref name="write"/> and returns the file positioned at its start, ready to send.</summary>
    public static FileStream Write(Action<Stream> write)
    {
        var file = Create();
        try
        {
            write(file);
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
