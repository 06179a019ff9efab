-------------------------- MODULE SimOutputCommit --------------------------
(***************************************************************************)
(* Simulation model for conformance: deep random behaviours of             *)
(* OutputCommit drawn by TLC -simulate, replayed against implementations.  *)
(* OutputCommit itself is unchanged; the variables named mbt* are this     *)
(* module's bookkeeping and are dropped before replay.                     *)
(*                                                                         *)
(* TLC -simulate writes each behaviour as states only, without the action  *)
(* that produced a state or its arguments.  mbtAction records both, so the *)
(* conformance suite reads them off the trace (as Quint's                  *)
(* mbt::actionTaken and mbt::nondetPicks) instead of inferring them.       *)
(*                                                                         *)
(* The model bounds guard each step (Bounded') instead of being a          *)
(* CONSTRAINT: in -simulate TLC ends a behaviour at the first successor    *)
(* that violates the CONSTRAINT, which cuts traces short; as a guard, a    *)
(* step that would leave the bounds is simply not drawn.                   *)
(*                                                                         *)
(* Host failures wait until step mbtFailAt, drawn in the initial state.    *)
(* Drawn uniformly at every step, a crash comes within a few steps and     *)
(* most of a trace would be the dull aftermath.  The behaviours are the    *)
(* same (mbtFailAt = 0 allows a crash at once); only their odds change.    *)
(***************************************************************************)
EXTENDS MCOutputCommit

CONSTANT MaxFailAt   \* latest step from which host failures may be drawn

ASSUME MaxFailAt \in Nat

VARIABLES
    mbtAction,   \* [name |-> action, <argument> |-> value] of the last step
    mbtFailAt    \* the step from which host failures may be drawn

simVars == <<vars, mbtAction, mbtFailAt>>

\* Host failures, drawn only once step mbtFailAt has come.
HostFailures == {"PrimaryCrash", "SecondaryCrash"}

SimInit ==
    /\ Init
    /\ mbtAction = [name |-> "init"]
    /\ mbtFailAt \in 0..MaxFailAt

\* Next of OutputCommit, step by step through its dispatch, each step recorded.
SimNext ==
    \E s \in Steps :
        /\ s.name \in HostFailures => TLCGet("level") > mbtFailAt
        /\ Step(s)
        /\ Bounded'
        /\ mbtAction' = s
        /\ UNCHANGED mbtFailAt

SimSpec == SimInit /\ [][SimNext]_simVars

=============================================================================
