package MailAuthPeer;

# Shared by the Perl peer drivers of the interop tests: reading a file as bytes, and the offline key table that
# replaces Mail::DKIM::DNS::query (lines "selector._domainkey.domain<TAB>record"; TXT records only, split into
# 255-octet character-strings as a DNS server would serve them).
use strict;
use warnings;
use Exporter 'import';

our @EXPORT_OK = qw(slurp install_key_table);

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

1;
