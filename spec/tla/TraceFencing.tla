---------------------------- MODULE TraceFencing ----------------------------
(***************************************************************************)
(* Trace validation of a fenced pair's event logs against Fencing: is what *)
(* the live hosts logged a behaviour of Fencing?  (The etcd and CCF trace  *)
(* specs do the same.)                                                     *)
(*                                                                         *)
(* TraceLogs[h] holds the lines host h logged, in order, over all its      *)
(* incarnations (<<>> when its log is not given); each line is             *)
(*     [action |-> "VmEmit", args |-> [h |-> "127.0.0.1", v |-> "c1"],     *)
(*      state |-> [...], check |-> FALSE, after |-> 12]                    *)
(* A line is one step of Fencing's Next, taken through Fencing's one       *)
(* dispatch Step(s) with the logged action and arguments, that ends in a   *)
(* state agreeing with every variable the line carries for its host.  A    *)
(* line with check = TRUE is no step of its own (a lease expiry, a claim   *)
(* the witness did not answer, a halt the claim already made): the state   *)
(* stays and must agree.                                                   *)
(*                                                                         *)
(* The two logs have no common clock.  They are matched in every           *)
(* interleaving that respects what the messages order: a line may be      *)
(* matched only once the first `after` lines of the peer's log are (an     *)
(* apply after the start of its checkpoint, an acknowledgement after its   *)
(* apply, a lost claim after the claim that won).                          *)
(*                                                                         *)
(* Some steps are never logged: time (Tick), the NIC taking a frame past   *)
(* the lease check right before it sends it, a lease renewal by a          *)
(* heartbeat, the crash and restart of a host that later joins, and, when  *)
(* the peer's log is absent, the peer's claim.  Each may happen, hidden,   *)
(* only right before a line that needs it (Hideable), at most MaxHidden in *)
(* a row.  The logs carry no clock readings, so the trace is checked with  *)
(* Lease, MaxDrift and MaxPause in ticks as given (by default 1, 0, 0):    *)
(* what is checked is the order of events, not their durations.           *)
(*                                                                         *)
(* TLC here has no Json/IOUtils modules: `hac validate` writes the logs as *)
(* a TLA+ module that extends this one and fills in the constants.        *)
(***************************************************************************)
EXTENDS Fencing, TLC

CONSTANT TraceLogs   \* [Hosts -> Seq(line)]

VARIABLES
    l,        \* l[h]: lines of h's log matched so far
    hidden    \* unlogged steps taken since the last logged one

traceVars == <<vars, l, hidden>>

MaxHidden == TakeoverWait + 2

Logs(e, x) == x \in DOMAIN e.state

\* The step ends in a state that agrees with every variable line e of host h
\* carries.  role is logged as the set of roles the host's mode allows;
\* witnessGen is the register's generation a lost claim read.
AgreesAfter(h, e) ==
    /\ Logs(e, "role")       => role'[h] \in e.state.role
    /\ Logs(e, "gen")        => gen'[h] = e.state.gen
    /\ Logs(e, "witnessGen") => witness'.gen = e.state.witnessGen
    /\ Logs(e, "vmSeq")      => vmSeq'[h] = e.state.vmSeq
    /\ Logs(e, "epoch")      => epoch'[h] = e.state.epoch
    /\ Logs(e, "committed")  => committed'[h] = e.state.committed
    /\ Logs(e, "buf")        => buf'[h] = e.state.buf
    /\ Logs(e, "txq")        => txq'[h] = e.state.txq
    /\ Logs(e, "frame")      => wire' = wire \o <<e.state.frame>>

\* The step line e names, with its arguments, taken through Fencing's
\* dispatch.  (The record is built, not searched for among Steps.)
Takes(e) ==
    LET s == [name |-> e.action] @@ e.args
    IN s \in Steps /\ Step(s)

\* Lines that wait for time: a lease running out, a silence growing.
Timed == {"PrimaryClaimWitness", "SecondaryClaimWitness", "SecondaryTakeover", "PrimaryDropJoiner"}

\* The unlogged steps that may come right before line e of host h: a tick
\* before a line that waits for time; the NIC taking the frame past the
\* lease check, and a renewal, before a send or a checkpoint; the crash
\* and restart of a host that joins; the peer's claim before a claim, when
\* the peer's log is absent.
Hideable(h, e) ==
    (IF e.action \in Timed THEN {[name |-> "Tick"]} ELSE {})
    \cup (IF e.action \in {"NicTransmit", "HacStartCheckpoint"}
          THEN {[name |-> "NicDequeue", h |-> h], [name |-> "PrimaryRenewLease", h |-> h]} ELSE {})
    \cup (IF e.action = "SecondaryJoin"
          THEN {[name |-> "HostCrash", h |-> e.args.h], [name |-> "HostRestart", h |-> e.args.h]} ELSE {})
    \cup (IF e.action = "PrimaryClaimWitness" /\ TraceLogs[Peer(h)] = <<>>
          THEN {[name |-> "SecondaryClaimWitness", h |-> Peer(h)]} ELSE {})

NextLine(h) == TraceLogs[h][l[h] + 1]

\* h's next line exists and the lines of the peer's log it waits for are matched.
Ready(h) == l[h] < Len(TraceLogs[h]) /\ NextLine(h).after <= l[Peer(h)]

TraceInit ==
    /\ Init
    /\ l = [h \in Hosts |-> 0]
    /\ hidden = 0
    /\ TLCSet(1, 0)   \* ReportMatched's register: the most lines matched so far

LoggedStep(h) ==
    /\ Ready(h)
    /\ IF NextLine(h).check THEN UNCHANGED vars ELSE Takes(NextLine(h))
    /\ AgreesAfter(h, NextLine(h))
    /\ l' = [l EXCEPT ![h] = @ + 1]
    /\ hidden' = 0

HiddenStep(h) ==
    /\ Ready(h) /\ hidden < MaxHidden
    /\ \E s \in Hideable(h, NextLine(h)) : Step(s)
    /\ hidden' = hidden + 1
    /\ UNCHANGED l

TraceNext == \E h \in Hosts : LoggedStep(h) \/ HiddenStep(h)

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* The host reports name first.
First == CHOOSE h \in Hosts : TRUE

Matched == l[First] + l[Peer(First)]

\* A state constraint that only reports: every time a behaviour matches more
\* lines than any before, it prints how many of each host's.  The logs are
\* accepted iff a report covers every line.  (Not as a violated invariant,
\* as TraceOutputCommit does: TLC would then print the whole behaviour, a
\* state per line, which costs more than the search.)  When they are
\* rejected, the next line of one of the hosts in the last report is the
\* first one no step of the spec can match.
ReportMatched ==
    Matched > TLCGet(1) =>
        TLCSet(1, Matched) /\ PrintT(<<"hac:matched", First, l[First], Peer(First), l[Peer(First)]>>)

=============================================================================
