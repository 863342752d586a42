#!/usr/bin/perl
# ARF / AFRF interop driver over Perl's mail modules (Debian libemail-mime-perl, libmail-dmarc-perl).
#   read FILE : parse a report with Email::MIME and print what it sees (parts, feedback fields), then let
#               Mail::DMARC::Report::Receive classify it ("report-type: forensic" or "aggregate").
#   write     : compose an RFC 6591 auth-failure report with Email::MIME->create and print it.
use strict;
use warnings;
use Email::MIME;
use Email::Simple;

my ($mode, $file) = @ARGV;
if ($mode eq 'read') {
    open my $fh, '<:raw', $file or die "$file: $!";
    my $text = do { local $/; <$fh> };
    my $mime = Email::MIME->new($text);
    print "content-type: ", lc((split /;/, $mime->content_type)[0]), "\n";
    print "report-type: ", ($mime->{ct}{attributes}{'report-type'} // ''), "\n";
    print "subject: ", ($mime->header('Subject') // ''), "\n";
    for my $part ($mime->subparts) {
        my ($type) = split /;/, $part->content_type // '';
        print "part: ", lc $type, "\n";
        if (lc $type eq 'message/feedback-report') {
            my $fields = Email::Simple->new($part->body . "\n");
            for my $name ($fields->header_names) {
                print "field: $name: $_\n" for $fields->header($name);
            }
        }
        if (lc $type eq 'text/rfc822-headers' || lc $type eq 'message/rfc822') {
            my $original = Email::Simple->new($part->body);
            print "original-from: ", ($original->header('From') // ''), "\n";
        }
    }
    require Mail::DMARC::Report::Receive;
    local $SIG{__WARN__} = sub { };
    my $kind = Mail::DMARC::Report::Receive->new->from_email_simple(Email::Simple->new($text));
    print "mail-dmarc: ", ($kind // 'none'), "\n";
}
elsif ($mode eq 'write') {
    my $fields = join '', map { "$_\r\n" } (
        'Feedback-Type: auth-failure', 'User-Agent: PerlPeer/1.0', 'Version: 1', 'Auth-Failure: dmarc',
        'Authentication-Results: peer.example.net; dmarc=fail header.from=example.com', 'Identity-Alignment: dkim, spf',
        'Original-Mail-From: <someone@example.com>', 'Source-IP: 192.0.2.7', 'Reported-Domain: example.com',
        'Delivery-Result: reject');
    my $report = Email::MIME->create(
        header_str => [From => 'reports@peer.example.net', To => 'ruf@example.com', Subject => 'FW: Hello'],
        attributes => { content_type => 'multipart/report' },
        parts => [
            Email::MIME->create(attributes => { content_type => 'text/plain', charset => 'us-ascii' }, body => "A DMARC failure report.\r\n"),
            Email::MIME->create(attributes => { content_type => 'message/feedback-report' }, body => $fields),
            Email::MIME->create(attributes => { content_type => 'text/rfc822-headers' },
                body => "From: Someone <someone\@example.com>\r\nSubject: Hello\r\nMessage-ID: <p1\@example.com>\r\n"),
        ]);
    $report->content_type_attribute_set('report-type' => 'feedback-report');
    print $report->as_string;
}
else {
    die "usage: $0 read FILE | write\n";
}
