package MailAuthPeer;

# Shared by the Perl peer drivers of the interop tests: loading the peer, reading a file as bytes, and the offline key table that
# replaces Mail::DKIM::DNS::query (lines "selector._domainkey.domain<TAB>record"; TXT records only, split into
# 255-octet character-strings as a DNS server would serve them).
use strict;
use warnings;
use Exporter 'import';

our @EXPORT_OK = qw(slurp install_key_table require_peer);

sub slurp {
    my ($path) = @_;
    open my $fh, '<:raw', $path or die "cannot read $path: $!\n";
    local $/;
    my $data = <$fh>;
    close $fh;
    return $data;
}

sub install_key_table {
    my ($path) = @_;
    require Mail::DKIM::DNS;
    require Net::DNS::RR;
    my %table;
    for my $line ( split /\012/, slurp($path) ) {
        $line =~ s/\015$//;
        next if $line eq '' || $line =~ /^#/;
        my ( $name, $record ) = split /\t/, $line, 2;
        $table{ lc $name } = $record;
    }
    no warnings qw(redefine once);
    *Mail::DKIM::DNS::query = sub {
        my ( $name, $type ) = @_;
        $name = lc $name;
        $name =~ s/\.$//;
        return () unless $type eq 'TXT' && exists $table{$name};
        my @strings = unpack '(A255)*', $table{$name};
        return ( Net::DNS::RR->new( name => $name, type => 'TXT', ttl => 300, txtdata => [@strings] ) );
    };
    return;
}

# Loads the peer's modules. A missing one prints "error: ..." and exits 2, which the test reports as the reason the peer
# is missing; the mode "probe" then answers "ok".
sub require_peer {
    my ( $mode, @modules ) = @_;
    for my $module (@modules) {
        ( my $file = "$module.pm" ) =~ s{::}{/}g;
        unless ( eval { require $file; 1 } ) { print "error: $@"; exit 2; }
    }
    if ( $mode eq 'probe' ) { print "ok\n"; exit 0; }
    return;
}

1;
