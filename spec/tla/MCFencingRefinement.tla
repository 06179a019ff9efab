------------------------- MODULE MCFencingRefinement -------------------------
(***************************************************************************)
(* Fencing refines OutputCommit, without re-protection: under the mapping  *)
(* below every behaviour of SpecNoRejoin (single failures, as              *)
(* OutputCommit.tla assumes) is a behaviour of OutputCommit!Spec with no   *)
(* ordinary VMs, strict priority and backpressure, so every property       *)
(* verified of OutputCommit holds of the fenced pair.                      *)
(*                                                                         *)
(* The abstract spec decides failures on the truth; here the first host    *)
(* is abstractly dead once it crashed or halted, or once it is deposed:    *)
(* the secondary won the witness, its lease ran out and its NIC holds no   *)
(* frame past the check.  Two history variables make the mapping work:     *)
(*  - gone: the abstract PrimaryCrash must be one step of its own.  A NIC  *)
(*    sending its last frame may be what completes the deposition; that    *)
(*    step is the abstract NicTransmit, so the crash is dated at the next  *)
(*    tick, clock drift or claim of the secondary after it (the takeover   *)
(*    needs a tick after the last send, so one comes in time);             *)
(*  - frozen: a deposed primary, cut off, keeps running its VMs into its   *)
(*    buffer (they will never leave), but the abstract VM of a crashed     *)
(*    primary stands still: the mapping shows its state at the crash.      *)
(* With re-protection there is no mapping: OutputCommit's mode is one-shot *)
(* (nothing leaves "failedover" or "unprotected") and its two hosts have   *)
(* fixed roles, so a join, the roles flipping and a crash after failover   *)
(* have no abstract counterpart.  MC_fencing_rejoin checks the properties  *)
(* themselves instead.  SingleFailure keeps RefSpec to the                *)
(* abstract spec's failure model: a host crashes only while both are up   *)
(* and no claim was granted, or once it is abstractly dead already.        *)
(***************************************************************************)
EXTENDS MCFencing

VARIABLES gone, frozen

P0 == FirstPrimary
S0 == Peer(FirstPrimary)

\* The first host cannot send any more and never will: the other host won.
Deposed == witness.gen > gen[P0] /\ lease[P0] = 0 /\ nicOut[P0] = <<>>

AbsPrimaryUp   == ~gone
AbsSecondaryUp == role[S0] \in {"secondary", "unprotected"} /\ witness.gen <= gen[S0]
AbsMode ==
    IF role[S0] = "unprotected" THEN "failedover"
    ELSE IF role[P0] = "unprotected" THEN "unprotected"
    ELSE "protected"
AbsVmSeq ==
    IF role[S0] = "unprotected" THEN vmSeq[S0]
    ELSE IF gone THEN frozen[1] ELSE vmSeq[P0]
AbsEpoch    == IF gone THEN frozen[2] ELSE epoch[P0]
AbsInflight ==
    [v \in CkptVMs |-> IF gone THEN [epoch |-> 0, seq |-> 0]
                       ELSE [epoch |-> inflight[P0][v].epoch, seq |-> inflight[P0][v].seq]]
AbsAcked  == IF gone THEN NoAcks ELSE acked[P0]
AbsBuf    == IF gone THEN NoBufs ELSE buf[P0]
AbsTxHigh ==
    IF role[S0] = "unprotected" THEN nicOut[S0] \o txq[S0]
    ELSE IF gone THEN <<>> ELSE nicOut[P0] \o txq[P0]

OC == INSTANCE OutputCommit WITH
        PlainVMs <- {}, Policy <- "strict", K <- 1, Overflow <- "backpressure",
        primaryUp <- AbsPrimaryUp, secondaryUp <- AbsSecondaryUp, mode <- AbsMode,
        vmSeq <- AbsVmSeq, epoch <- AbsEpoch, inflight <- AbsInflight,
        committed <- committed[S0], acked <- AbsAcked, buf <- AbsBuf,
        txHigh <- AbsTxHigh, txNormal <- <<>>, wire <- wire, highStreak <- 0

\* OutputCommit.tla's failure model: single failures.  A host crashes only
\* while both are up and no claim was granted, or when it is abstractly
\* dead already.
SingleFailure ==
    \A h \in Hosts :
        HostCrash(h) =>
            \/ witness.gen = 1 /\ AbsPrimaryUp /\ AbsSecondaryUp
            \/ h = P0 /\ ~AbsPrimaryUp
            \/ h = S0 /\ ~AbsSecondaryUp

refVars == <<vars, gone, frozen>>

RefInit == Init /\ gone = FALSE /\ frozen = <<vmSeq[P0], epoch[P0]>>

RefNext ==
    /\ NextNoRejoin /\ SingleFailure
    /\ gone' = (gone \/ role'[P0] = "down" \/
                (Deposed' /\ (Tick \/ \E h \in Hosts : ClockDrift(h) \/ SecondaryClaimWitness(S0))))
    /\ frozen' = IF ~gone /\ gone' THEN <<vmSeq[P0], epoch[P0]>> ELSE frozen

RefSpec == RefInit /\ [][RefNext]_refVars

\* The property: the mapped behaviour is one of OutputCommit's.
OutputCommitRefined == OC!Spec

=============================================================================
