using MailAuth.Reports;

namespace MailAuth.MimeKit;

/// <summary>One report attachment of a message and what <see cref="DmarcReportReader"/> made of it.</summary>
/// <param name="FileName">The attachment's file name as the sender gave it (untrusted text: escape before display), or <see langword="null"/>.</param>
/// <param name="MediaType">The declared media type in lower case, e.g. <c>application/gzip</c>; empty when the input was not MIME.</param>
/// <param name="Result">The report, or why it could not be read.</param>
public sealed record DmarcReportMessageAttachment(string? FileName, string MediaType, DmarcReportReadResult Result);
