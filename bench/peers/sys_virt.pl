#!/usr/bin/perl
# virtwire bench peer: Perl Sys::Virt doing the sequential work of bench/virtwire-client.ts.
# Prints one JSON object on stdout. Sys::Virt has no threads, so only *.seq cases and "open".
#   --probe | --uri URI --cases a,b [--duration S --warmup S --iterations N --daemon-pid PID]
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;
use Time::HiRes qw(time);
use POSIX ();

my %a = (uri => "test+unix:///default", cases => "", duration => 2.5, warmup => 0.3, iterations => 200);
GetOptions(\%a, "probe", "uri=s", "cases=s", "duration=f", "warmup=f", "iterations=i", "daemon-pid=i")
    or die "bad options\n";

my $json = JSON::PP->new->canonical;
unless (eval { require Sys::Virt; 1 }) {
    my $err = $@;
    $err =~ s/\n.*//s;
    print $json->encode({ unavailable => "Sys::Virt: $err" }), "\n";
    exit 0;
}

# times() covers this process (user + system) at clock-tick resolution.
sub cpu_seconds { my ($u, $s) = times; return $u + $s; }

sub daemon_cpu_seconds {
    my $pid = $a{"daemon-pid"};
    return undef unless defined $pid;
    open(my $fh, "<", "/proc/$pid/stat") or return undef;
    my $stat = <$fh>;
    close $fh;
    my @rest = split / /, substr($stat, rindex($stat, ")") + 2);
    return ($rest[11] + $rest[12]) / POSIX::sysconf(POSIX::_SC_CLK_TCK());
}

sub loop_until {
    my ($op, $seconds) = @_;
    my $deadline = time + $seconds;
    my $n = 0;
    while (time < $deadline) { $op->(); $n++; }
    return $n;
}

sub measure_throughput {
    my ($op) = @_;
    loop_until($op, $a{warmup});
    my $d0 = daemon_cpu_seconds();
    my $c0 = cpu_seconds();
    my $t0 = time;
    my $calls = loop_until($op, $a{duration});
    my $seconds = time - $t0;
    my $cpu = cpu_seconds() - $c0;
    my $d1 = daemon_cpu_seconds();
    return {
        kind => "throughput", calls => $calls, seconds => $seconds, cpu_seconds => $cpu,
        daemon_cpu_seconds => (defined $d0 && defined $d1) ? $d1 - $d0 : undef,
    };
}

sub measure_latency {
    # Sys::Virt closes the connection when the last reference goes.
    my $once = sub { my $c = Sys::Virt->new(uri => $a{uri}); undef $c; };
    # Same warm-up as virtwire's: `warmup` seconds, at least 10 runs.
    my $deadline = time + $a{warmup};
    for (my $i = 0; $i < 10 || time < $deadline; $i++) { $once->(); }
    my @samples;
    my $c0 = cpu_seconds();
    for (1 .. $a{iterations}) {
        my $t = time;
        $once->();
        push @samples, (time - $t) * 1000;
    }
    return { kind => "latency", samples_ms => \@samples, cpu_seconds => cpu_seconds() - $c0 };
}

my %out = (
    client => "Sys::Virt",
    version => sprintf("perl %vd, Sys::Virt %s", $^V, $Sys::Virt::VERSION),
    results => {},
    errors => {},
);

unless ($a{probe}) {
    my $conn = eval { Sys::Virt->new(uri => $a{uri}) };
    if (!$conn) {
        my $err = "$@";
        $err =~ s/\s+$//;
        $out{unavailable} = "cannot open $a{uri}: $err";
    } else {
        my $dom;
        for my $case (grep { length } split /,/, $a{cases}) {
            my $r = eval {
                return measure_latency() if $case eq "open";
                my ($op_name, $mode) = split /\./, $case, 2;
                die "Sys::Virt has no concurrent calls: $case\n" unless defined $mode && $mode eq "seq";
                if ($op_name eq "version") {
                    return measure_throughput(sub { $conn->get_version() });
                }
                if ($op_name eq "info") {
                    $dom //= $conn->get_domain_by_name("test");
                    return measure_throughput(sub { $dom->get_info() });
                }
                die "unknown case $case\n";
            };
            if ($r) {
                $out{results}{$case} = $r;
            } else {
                my $err = "$@";
                $err =~ s/\s+$//;
                $out{errors}{$case} = $err;
            }
        }
    }
}
print $json->encode(\%out), "\n";
