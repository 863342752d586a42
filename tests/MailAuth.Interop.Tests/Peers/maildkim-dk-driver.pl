#!/usr/bin/perl
# Mail::DKIM (Debian libmail-dkim-perl) driver for the DomainKeys (RFC 4870) and ADSP (RFC 5617) interop tests.
#
#   probe
#   sign   --key FILE --domain D --selector S --canon simple|nofws [--headers from:to:...] --in MESSAGE --out SIGNED
#   verify --keys TABLE --in MESSAGE        prints one line per signature: "<result>\t<protocol>\t<detail>"
#   adsp   --keys TABLE --domain D          prints the ADSP practice: unknown, all, discardable, NXDOMAIN ...
#
# Offline: Mail::DKIM::DNS::query is replaced by a look-up in TABLE, lines "name<TAB>TYPE<TAB>data" where TYPE is TXT
# or MX, or "name<TAB>NXDOMAIN". A name not in the table is NOERROR with no records (NODATA) when a longer name under
# it is listed or it is listed with another type, else NXDOMAIN.
# Exit codes: 0 done, 2 harness error.
use strict;
use warnings;
use Getopt::Long;
use FindBin;
use lib $FindBin::Bin;
use MailAuthPeer qw(slurp require_peer);

my %o = ( canon => 'simple' );
my $mode = shift @ARGV // '';
GetOptions( \%o, 'key=s', 'domain=s', 'selector=s', 'canon=s', 'headers=s', 'keys=s', 'in=s', 'out=s' ) or exit 2;
require_peer( $mode, qw(Mail::DKIM::Signer Mail::DKIM::Verifier Mail::DKIM::DkSignature Mail::DKIM::AuthorDomainPolicy Mail::DKIM::DNS Net::DNS::RR) );


sub install_table {
    my %table;
    my %nx;
    for my $line ( split /\012/, slurp( $o{keys} ) ) {
        $line =~ s/\015$//;
        next if $line eq '' || $line =~ /^#/;
        my ( $name, $type, $data ) = split /\t/, $line, 3;
        $name = lc $name;
        if ( $type eq 'NXDOMAIN' ) { $nx{$name} = 1; next; }
        push @{ $table{$name}{$type} }, $data;
    }
    no warnings qw(redefine once);
    *Mail::DKIM::DNS::query = sub {
        my ( $name, $type ) = @_;
        $name = lc $name;
        $name =~ s/\.$//;
        if ( $nx{$name} ) { $@ = 'NXDOMAIN'; return (); }
        my $entry = $table{$name};
        if ( !$entry ) {
            my $below = grep { /\.\Q$name\E$/ } keys %table;
            $@ = $below ? 'NODATA' : 'NXDOMAIN';
            return ();
        }
        my @rrs;
        for my $data ( @{ $entry->{$type} || [] } ) {
            if ( $type eq 'TXT' ) {
                my @strings = unpack '(A255)*', $data;
                push @rrs, Net::DNS::RR->new( name => $name, type => 'TXT', ttl => 300, txtdata => [@strings] );
            }
            elsif ( $type eq 'MX' ) {
                push @rrs, Net::DNS::RR->new("$name 300 IN MX $data");
            }
        }
        $@ = @rrs ? 'NOERROR' : 'NODATA';
        return @rrs;
    };
}

my $result = eval {
    if ( $mode eq 'sign' ) {
        my $message = slurp( $o{in} );
        my $signer = Mail::DKIM::Signer->new(
            Algorithm => 'rsa-sha1',
            Method    => $o{canon},
            Domain    => $o{domain},
            Selector  => $o{selector},
            KeyFile   => $o{key},
            Policy    => sub {
                my $d = shift;
                $d->add_signature(
                    Mail::DKIM::DkSignature->new(
                        Algorithm => 'rsa-sha1',
                        Method    => $o{canon},
                        Domain    => $o{domain},
                        Selector  => $o{selector},
                        ( $o{headers} ? ( Headers => $o{headers} ) : () ),
                    )
                );
                return;
            },
        );
        $signer->PRINT($message);
        $signer->CLOSE;
        my $field = $signer->signature->as_string;
        $field =~ s/\015?\012/\015\012/g;
        open my $out, '>:raw', $o{out} or die "cannot write $o{out}: $!\n";
        print $out $field, "\015\012", $message;
        close $out;
        print "signed\n";
        return 0;
    }
    elsif ( $mode eq 'verify' ) {
        install_table();
        my $message = slurp( $o{in} );
        my $verifier = Mail::DKIM::Verifier->new();
        $verifier->PRINT($message);
        $verifier->CLOSE;
        for my $sig ( $verifier->signatures ) {
            my $protocol = $sig->isa('Mail::DKIM::DkSignature') ? 'domainkeys' : 'dkim';
            my $detail = $sig->result_detail // '';
            $detail =~ s/[\t\r\n]/ /g;
            print join( "\t", $sig->result // 'none', $protocol, $detail ), "\n";
        }
        return 0;
    }
    elsif ( $mode eq 'adsp' ) {
        install_table();
        my $policy = Mail::DKIM::AuthorDomainPolicy->fetch( Protocol => 'dns', Domain => $o{domain} );
        print( ( $policy->is_implied_default_policy ? 'none' : $policy->policy ), "\n" );
        return 0;
    }
    die "usage: maildkim-dk-driver.pl sign|verify|adsp ...\n";
};
if ( !defined $result ) { my $e = $@; $e =~ s/\s+$//; print "error: $e\n"; exit 2; }
exit $result;
