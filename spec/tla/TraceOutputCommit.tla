-------------------------- MODULE TraceOutputCommit --------------------------
(***************************************************************************)
(* Trace validation: is a logged execution of an implementation a          *)
(* behaviour of OutputCommit?  (The etcd and CCF trace specs do the same.) *)
(*                                                                         *)
(* The log is a constant sequence of lines                                 *)
(*     [action |-> "VmEmit", args |-> [v |-> "c1"], state |-> [...]]       *)
(* whose state holds any subset of the variables, as they were after the   *)
(* logged action.  A behaviour of this module matches the lines in order:  *)
(* each line is one step of OutputCommit's Next that takes the logged      *)
(* action with the logged arguments (drawn from Next's own domains) and    *)
(* ends in a state that agrees with every variable the line carries.  The  *)
(* log is accepted iff some behaviour matches every line; TLC finds it as  *)
(* a violation of TraceNotAccepted.                                        *)
(*                                                                         *)
(* One step may go unlogged: a live primary cannot see the secondary die,  *)
(* it logs the loss it then detects; so SecondaryCrash may happen silently *)
(* right before a logged PrimaryDetectSecondaryLoss.                       *)
(*                                                                         *)
(* TLC here has no Json/IOUtils modules: `hac validate` writes the log as  *)
(* a TLA+ module that extends this one and fills in the constants.        *)
(***************************************************************************)
EXTENDS OutputCommit, TLC

CONSTANT TraceLog   \* the log's lines, in order

VARIABLE l          \* how many lines the behaviour has matched

traceVars == <<vars, l>>

Logs(e, x) == x \in DOMAIN e.state

\* The step ends in a state that agrees with every variable line e carries.
\* (Primed here, not Agrees(e)', which would prime l inside e as well.)
AgreesAfter(e) ==
    /\ Logs(e, "primaryUp")   => primaryUp' = e.state.primaryUp
    /\ Logs(e, "secondaryUp") => secondaryUp' = e.state.secondaryUp
    /\ Logs(e, "mode")        => mode' = e.state.mode
    /\ Logs(e, "vmSeq")       => vmSeq' = e.state.vmSeq
    /\ Logs(e, "epoch")       => epoch' = e.state.epoch
    /\ Logs(e, "inflight")    => inflight' = e.state.inflight
    /\ Logs(e, "committed")   => committed' = e.state.committed
    /\ Logs(e, "acked")       => acked' = e.state.acked
    /\ Logs(e, "buf")         => buf' = e.state.buf
    /\ Logs(e, "txHigh")      => txHigh' = e.state.txHigh
    /\ Logs(e, "txNormal")    => txNormal' = e.state.txNormal
    /\ Logs(e, "wire")        => wire' = e.state.wire
    /\ Logs(e, "highStreak")  => highStreak' = e.state.highStreak

\* One step of Next that takes the action line e names, with its arguments.
Takes(e) ==
    \E s \in Steps :
        /\ s.name = e.action
        /\ \A arg \in DOMAIN s \ {"name"} : arg \in DOMAIN e.args /\ e.args[arg] = s[arg]
        /\ Step(s)

TraceInit ==
    /\ Init
    /\ l = 0
    /\ TLCSet(1, 0)   \* ReportMatched's register: the longest prefix matched so far

LoggedStep ==
    /\ l < Len(TraceLog)
    /\ Takes(TraceLog[l + 1])
    /\ AgreesAfter(TraceLog[l + 1])
    /\ l' = l + 1

UnloggedSecondaryCrash ==
    /\ l < Len(TraceLog)
    /\ TraceLog[l + 1].action = "PrimaryDetectSecondaryLoss"
    /\ SecondaryCrash
    /\ UNCHANGED l

TraceNext == LoggedStep \/ UnloggedSecondaryCrash

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Violated exactly when a behaviour has matched every line: the log is accepted.
TraceNotAccepted == l < Len(TraceLog)

\* A state constraint that only reports: every time a behaviour matches more lines
\* than any before, it prints the count.  When the log is rejected, the line after
\* the longest matched prefix is the first one no step of the spec can match.
ReportMatched ==
    l > TLCGet(1) => TLCSet(1, l) /\ PrintT(<<"hac:matched", l>>)

=============================================================================
