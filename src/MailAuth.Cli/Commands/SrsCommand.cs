using MailAuth.Srs;

namespace MailAuth.Cli.Commands;
