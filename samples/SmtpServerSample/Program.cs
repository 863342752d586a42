using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmtpServerSample;

// An MTA in one page: SmtpServer receives, MailAuth authenticates and signs (docs/extensions-hosting.md).
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMailAuth(builder.Configuration.GetSection("MailAuth"));
builder.Services.AddOptions<SmtpSampleOptions>().Bind(builder.Configuration.GetSection("Smtp"));
builder.Services.AddSingleton<MailAuthMessageStore>();
builder.Services.AddHostedService<SmtpHostedService>();
await builder.Build().RunAsync();
