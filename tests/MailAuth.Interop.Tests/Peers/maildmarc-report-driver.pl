#!/usr/bin/perl
# Mail::DMARC (Debian libmail-dmarc-perl) as the peer of the report message interop tests.
#   receive INI EML  - Mail::DMARC::Report::Receive reads the report email into the SQLite store the INI names; the stored
#                      rows are printed as tab-separated lines (report, policy, record, dkim, spf).
#   aggregate        - builds an aggregate report with Mail::DMARC's API from tab-separated lines on stdin and prints as_xml.
# Offline: Net::DNS queries die, so a DNS look-up on this path fails the test instead of reaching the network.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use MailAuthPeer qw(slurp);

BEGIN {
    require Net::DNS::Resolver;
    no warnings qw(redefine once);
    *Net::DNS::Resolver::send = sub { die "DNS look-up attempted in an offline test\n" };
    *Net::DNS::Resolver::query = sub { die "DNS look-up attempted in an offline test\n" };
    *Net::DNS::Resolver::search = sub { die "DNS look-up attempted in an offline test\n" };
}

binmode STDOUT, ':raw';
my $command = shift @ARGV // '';
if ( $command eq 'receive' ) { receive(@ARGV) }
elsif ( $command eq 'aggregate' ) { aggregate() }
else { die "usage: $0 receive INI EML | aggregate\n" }

sub receive {
    my ( $ini, $eml ) = @_;
    $ENV{MAIL_DMARC_CONFIG_FILE} = $ini;
    require Mail::DMARC::Report::Receive;
    my $receive = Mail::DMARC::Report::Receive->new( config_file => $ini );
    my $type;
    {
        # Receive prints the subject; keep stdout for the rows.
        open my $saved, '>&', \*STDOUT or die;
        open STDOUT, '>', '/dev/null' or die;
        $type = $receive->from_file($eml);
        open STDOUT, '>&', $saved or die;
    }
    print "type\t", ( $type // '' ), "\n";
    my $backend = $receive->report->store->backend;
    my $db = $backend->dbix;
    for my $r ( $db->query( 'SELECT r.id, a.org_name, a.email, r.uuid, r.begin, r.end, d.domain FROM report r JOIN author a ON a.id = r.author_id JOIN domain d ON d.id = r.from_domain_id ORDER BY r.id' )->arrays ) {
        my ( $rid, @fields ) = @$r;
        print join( "\t", 'report', map { $_ // '' } @fields ), "\n";
        for my $p ( $db->query( 'SELECT p, sp, pct, adkim, aspf FROM report_policy_published WHERE report_id = ?', $rid )->arrays ) {
            print join( "\t", 'policy', map { $_ // '' } @$p ), "\n";
        }
        for my $rec ( $db->query( 'SELECT rr.id, rr.source_ip, rr.count, rr.disposition, rr.dkim, rr.spf, hf.domain, ef.domain FROM report_record rr JOIN domain hf ON hf.id = rr.header_from_did LEFT JOIN domain ef ON ef.id = rr.envelope_from_did WHERE rr.report_id = ? ORDER BY rr.id', $rid )->arrays ) {
            my ( $id, $ip, @rest ) = @$rec;
            my $text = $backend->any_inet_ntop($ip);
            print join( "\t", 'record', $text, map { $_ // '' } @rest ), "\n";
            for my $k ( $db->query( 'SELECT d.domain, k.selector, k.result FROM report_record_dkim k JOIN domain d ON d.id = k.domain_id WHERE k.report_record_id = ?', $id )->arrays ) {
                print join( "\t", 'dkim', $text, map { $_ // '' } @$k ), "\n";
            }
            for my $s ( $db->query( 'SELECT d.domain, s.scope, s.result FROM report_record_spf s JOIN domain d ON d.id = s.domain_id WHERE s.report_record_id = ?', $id )->arrays ) {
                print join( "\t", 'spf', $text, map { $_ // '' } @$s ), "\n";
            }
        }
    }
}

# Lines: "meta<TAB>org<TAB>email<TAB>report_id<TAB>begin<TAB>end", "policy<TAB>domain<TAB>p<TAB>sp<TAB>pct<TAB>adkim<TAB>aspf",
# "record<TAB>ip<TAB>count<TAB>disposition<TAB>dkim<TAB>spf<TAB>header_from<TAB>envelope_from<TAB>dkim_domain<TAB>selector<TAB>dkim_result<TAB>spf_domain<TAB>spf_result".
sub aggregate {
    require Mail::DMARC::Report::Aggregate;
    require Mail::DMARC::Report::Aggregate::Record;
    require Mail::DMARC::Policy;
    my $agg = Mail::DMARC::Report::Aggregate->new;
    while ( my $line = <STDIN> ) {
        chomp $line;
        my ( $kind, @f ) = split /\t/, $line, -1;
        if ( $kind eq 'meta' ) {
            my $m = $agg->metadata;
            $m->org_name( $f[0] );
            $m->email( $f[1] );
            $m->report_id( $f[2] );
            $m->begin( $f[3] );
            $m->end( $f[4] );
        }
        elsif ( $kind eq 'policy' ) {
            my $pol = Mail::DMARC::Policy->new( v => 'DMARC1', domain => $f[0], p => $f[1], sp => $f[2], pct => $f[3], adkim => $f[4], aspf => $f[5] );
            $agg->policy_published($pol);
        }
        elsif ( $kind eq 'record' ) {
            my $rec = Mail::DMARC::Report::Aggregate::Record->new(
                row          => { source_ip => $f[0], count => $f[1], policy_evaluated => { disposition => $f[2], dkim => $f[3], spf => $f[4] } },
                identifiers  => { header_from => $f[5], envelope_from => $f[6] },
                auth_results => {
                    dkim => [ { domain => $f[7], selector => $f[8], result => $f[9] } ],
                    spf  => [ { domain => $f[10], scope => 'mfrom', result => $f[11] } ],
                },
            );
            $agg->record($rec);
        }
    }
    print $agg->as_xml;
}
