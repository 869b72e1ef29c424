using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Features.Shared;

/// <summary>The small form on an item's page that archives it: a reason is required so that history says why.</summary>
public sealed class ArchiveForm
{
    [Required(ErrorMessage = "Ange varför uppgiften arkiveras.")]
    [StringLength(Lengths.Reason, ErrorMessage = "Skälet får vara högst {1} tecken.")]
    [Display(Name = "Skäl till arkivering")]
    public string? Reason { get; set; }
}

/// <summary>Archive instead of delete: the item stays, hidden by default, and can be restored.</summary>
public static class Archiving
{
    public static void Archive(IArchivable item, string reason, string userId, DateTime nowUtc)
    {
        item.IsArchived = true;
        item.ArchivedAt = nowUtc;
        item.ArchivedReason = reason.Trim();
        item.ArchivedByUserId = userId;
    }

    /// <summary>The reason is kept out of the item once restored; the history keeps it.</summary>
    public static void Restore(IArchivable item)
    {
        item.IsArchived = false;
        item.ArchivedAt = null;
        item.ArchivedReason = null;
        item.ArchivedByUserId = null;
    }

    /// <summary>Trims a form value and turns blank into null, so "  " is not stored as a value.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>What the archive partial needs: the item's state and where to post.</summary>
public sealed record ArchivePanel(
    string What, bool IsArchived, DateTime? ArchivedAt, string? ArchivedReason, bool CanArchive, string ArchiveUrl,
    string RestoreUrl)
{
    /// <summary>The page's main form already shows the error summary (the group's edit page), so this one does not.</summary>
    public bool PageHasSummary { get; init; }
}
