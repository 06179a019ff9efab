---------------------------- MODULE OutputCommit ----------------------------
(***************************************************************************)
(* Checkpoint-based high availability with output buffering in the NIC.   *)
(*                                                                         *)
(* A primary host runs VMs and replicates the checkpointing ones to a     *)
(* secondary host by checkpoints.  Frames a checkpointing VM sends are     *)
(* held in the NIC, tagged with the VM's open epoch, until the secondary   *)
(* has applied the checkpoint that covers them (output commit); released   *)
(* frames are sent ahead of ordinary traffic (the priority rule), or with  *)
(* a bounded bypass for ordinary frames.                                   *)
(*                                                                         *)
(* The variable and action names are the contract shared with the Java    *)
(* reference implementation and the conformance suite                     *)
(* (docs/DESIGN.md §2).                                                   *)
(* A VM's state is abstracted by the number of frames it has emitted       *)
(* (vmSeq): restoring a checkpoint restores that number.                   *)
(*                                                                         *)
(* Left out, on purpose:                                                   *)
(*  - memory contents, dirty pages and the transfer itself: a checkpoint   *)
(*    is the pair [epoch, seq] it seals;                                   *)
(*  - message loss and reordering on the replication channel: a lost ack   *)
(*    is HacAbortCheckpoint after SecondaryApply;                          *)
(*  - byte limits (Cap counts frames) and the high-water mark of the       *)
(*    "early" policy: when a checkpoint starts is already arbitrary here;  *)
(*  - double failures (both hosts down), a crash after failover and the    *)
(*    re-protection of a VM by a new secondary;                            *)
(*  - frames refused as malformed or spoofed: they never count as emitted. *)
(* Model bounds live in MCOutputCommit.tla, never here.                    *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    CkptVMs,    \* VMs protected by checkpointing; their output is buffered
    PlainVMs,   \* ordinary VMs; never buffered, never replicated
    Cap,        \* NIC buffer limit per checkpointing VM, in frames
    Policy,     \* transmit scheduling: "strict" priority or "bypass"
    K,          \* bypass: an ordinary frame goes out after K released ones
    Overflow    \* full buffer: "backpressure", "drop" or "early"

ASSUME ConstantsOK ==
    /\ CkptVMs \cap PlainVMs = {}
    /\ CkptVMs # {}
    /\ Cap \in Nat \ {0}
    /\ Policy \in {"strict", "bypass"}
    /\ K \in Nat \ {0}
    /\ Overflow \in {"backpressure", "drop", "early"}

VMs == CkptVMs \cup PlainVMs

VARIABLES
    primaryUp,   \* the primary host is alive
    secondaryUp, \* the secondary host is alive
    mode,        \* "protected", "unprotected" (secondary lost), "failedover"
    vmSeq,       \* vmSeq[v]: frames VM v has emitted so far (its state)
    epoch,       \* epoch[v]: the open epoch of checkpointing VM v
    inflight,    \* inflight[v]: checkpoint in transfer, or NoCkpt
    committed,   \* committed[v]: last checkpoint applied on the secondary
    acked,       \* acked[v]: acknowledged epoch not yet acted on, or 0
    buf,         \* buf[v]: frames of v held in the NIC, oldest first
    txHigh,      \* released / checkpointing-class transmit queue
    txNormal,    \* ordinary-class transmit queue
    wire,        \* what the outside world has seen, in order
    highStreak   \* bypass: txHigh sends in a row while txNormal waited

hostVars  == <<primaryUp, secondaryUp, mode>>
ckptVars  == <<vmSeq, epoch, inflight, committed, acked>>
nicVars   == <<buf, txHigh, txNormal, highStreak>>
vars      == <<hostVars, ckptVars, nicVars, wire>>

-----------------------------------------------------------------------------
(* Values *)

Checkpoint == [epoch : Nat, seq : Nat]
NoCkpt     == [epoch |-> 0, seq |-> 0]   \* "none": epochs start at 1
NoAck      == 0
BufFrame   == [seq : Nat \ {0}, epoch : Nat \ {0}]
TxFrame    == [vm : VMs, seq : Nat \ {0}]

\* The host whose NIC transmits: the primary, or the secondary after takeover.
ActiveUp == IF mode = "failedover" THEN secondaryUp ELSE primaryUp

\* Frames of buf[v] that a commit of epoch e releases, and those it keeps.
Sealed(v, e)   == SelectSeq(buf[v], LAMBDA f : f.epoch <= e)
Unsealed(v, e) == SelectSeq(buf[v], LAMBDA f : f.epoch > e)
ToTx(v, fs)    == [i \in DOMAIN fs |-> [vm |-> v, seq |-> fs[i].seq]]

\* All orders in which a set of VMs can be listed.
Orders(S) == {o \in [1..Cardinality(S) -> S] : \A i, j \in DOMAIN o : i # j => o[i] # o[j]}

\* The concatenation of the buffers of the VMs of o, in the order of o.
RECURSIVE Drain(_)
Drain(o) == IF o = <<>> THEN <<>>
            ELSE ToTx(Head(o), buf[Head(o)]) \o Drain(Tail(o))

-----------------------------------------------------------------------------
(* Initial state *)

Init ==
    /\ primaryUp = TRUE
    /\ secondaryUp = TRUE
    /\ mode = "protected"
    /\ vmSeq = [v \in VMs |-> 0]
    /\ epoch = [v \in CkptVMs |-> 1]
    /\ inflight = [v \in CkptVMs |-> NoCkpt]
    /\ committed = [v \in CkptVMs |-> NoCkpt]
    /\ acked = [v \in CkptVMs |-> NoAck]
    /\ buf = [v \in CkptVMs |-> <<>>]
    /\ txHigh = <<>>
    /\ txNormal = <<>>
    /\ wire = <<>>
    /\ highStreak = 0

-----------------------------------------------------------------------------
(* Actions *)

\* VM v sends a frame.  An ordinary VM's frame goes straight to the ordinary
\* queue.  A checkpointing VM's frame is buffered in its open epoch while
\* protected; when the buffer is full the overflow policy decides: the VM
\* stalls ("backpressure", "early") or the frame is dropped and counted
\* ("drop").  Unprotected or failed over, it goes straight to txHigh.
VmEmit(v) ==
    /\ IF v \in PlainVMs
       THEN /\ primaryUp /\ mode # "failedover"
            /\ txNormal' = Append(txNormal, [vm |-> v, seq |-> vmSeq[v] + 1])
            /\ UNCHANGED <<buf, txHigh>>
       ELSE /\ ActiveUp
            /\ IF mode # "protected"
               THEN /\ txHigh' = Append(txHigh, [vm |-> v, seq |-> vmSeq[v] + 1])
                    /\ UNCHANGED buf
               ELSE IF Len(buf[v]) < Cap
               THEN /\ buf' = [buf EXCEPT ![v] = Append(@, [seq |-> vmSeq[v] + 1, epoch |-> epoch[v]])]
                    /\ UNCHANGED txHigh
               ELSE /\ Overflow = "drop"
                    /\ UNCHANGED <<buf, txHigh>>
            /\ UNCHANGED txNormal
    /\ vmSeq' = [vmSeq EXCEPT ![v] = @ + 1]
    /\ UNCHANGED <<hostVars, epoch, inflight, committed, acked, wire, highStreak>>

\* The HAC utility checkpoints VM v: pause, seal the open epoch (new frames
\* go to the next one), copy the dirty pages, resume, ship.  One checkpoint
\* per VM in flight.
HacStartCheckpoint(v) ==
    /\ primaryUp /\ mode = "protected"
    /\ inflight[v] = NoCkpt /\ acked[v] = NoAck
    /\ inflight' = [inflight EXCEPT ![v] = [epoch |-> epoch[v], seq |-> vmSeq[v]]]
    /\ epoch' = [epoch EXCEPT ![v] = @ + 1]
    /\ UNCHANGED <<hostVars, vmSeq, committed, acked, nicVars, wire>>

\* The secondary applies the whole checkpoint of v and acknowledges it; the
\* acknowledgement reaches the primary (acting on it is the next step).
SecondaryApply(v) ==
    /\ secondaryUp
    /\ inflight[v] # NoCkpt
    /\ committed[v].epoch < inflight[v].epoch
    /\ committed' = [committed EXCEPT ![v] = inflight[v]]
    /\ acked' = [acked EXCEPT ![v] = inflight[v].epoch]
    /\ UNCHANGED <<hostVars, vmSeq, epoch, inflight, nicVars, wire>>

\* The primary acts on the acknowledgement: the NIC releases the frames of
\* every sealed epoch <= the acknowledged one, in their original order, to
\* the high-priority queue.  The open epoch is never released.
PrimaryReceiveAck(v) ==
    /\ primaryUp /\ mode = "protected"
    /\ acked[v] # NoAck
    /\ txHigh' = txHigh \o ToTx(v, Sealed(v, acked[v]))
    /\ buf' = [buf EXCEPT ![v] = Unsealed(v, acked[v])]
    /\ inflight' = [inflight EXCEPT ![v] = NoCkpt]
    /\ acked' = [acked EXCEPT ![v] = NoAck]
    /\ UNCHANGED <<hostVars, vmSeq, epoch, committed, txNormal, wire, highStreak>>

\* The primary gives up on the checkpoint of v (timeout, error, lost ack),
\* even if the secondary did apply it.  Its frames stay buffered; a later
\* commit covers them.
HacAbortCheckpoint(v) ==
    /\ primaryUp /\ mode = "protected"
    /\ inflight[v] # NoCkpt
    /\ inflight' = [inflight EXCEPT ![v] = NoCkpt]
    /\ acked' = [acked EXCEPT ![v] = NoAck]
    /\ UNCHANGED <<hostVars, vmSeq, epoch, committed, nicVars, wire>>

\* The NIC puts one frame on the wire.  Strict: released frames first.
\* Bypass: after K released frames in a row while an ordinary frame waited,
\* the ordinary frame goes.
NicTransmit ==
    /\ ActiveUp
    /\ txHigh # <<>> \/ txNormal # <<>>
    /\ LET highTurn == txHigh # <<>> /\
                       (Policy = "strict" \/ txNormal = <<>> \/ highStreak < K)
       IN IF highTurn
          THEN /\ wire' = Append(wire, Head(txHigh))
               /\ txHigh' = Tail(txHigh)
               /\ highStreak' = IF Policy = "bypass" /\ txNormal # <<>>
                                THEN highStreak + 1 ELSE 0
               /\ UNCHANGED txNormal
          ELSE /\ wire' = Append(wire, Head(txNormal))
               /\ txNormal' = Tail(txNormal)
               /\ highStreak' = 0
               /\ UNCHANGED txHigh
    /\ UNCHANGED <<hostVars, ckptVars, buf>>

\* The primary dies.  Its NIC's contents and its in-flight state vanish.
PrimaryCrash ==
    /\ primaryUp /\ secondaryUp /\ mode = "protected"
    /\ primaryUp' = FALSE
    /\ buf' = [v \in CkptVMs |-> <<>>]
    /\ txHigh' = <<>>
    /\ txNormal' = <<>>
    /\ highStreak' = 0
    /\ inflight' = [v \in CkptVMs |-> NoCkpt]
    /\ acked' = [v \in CkptVMs |-> NoAck]
    /\ UNCHANGED <<secondaryUp, mode, vmSeq, epoch, committed, wire>>

\* The secondary notices the primary is gone and restores every
\* checkpointing VM from its last applied checkpoint; its NIC takes over
\* their MACs.  Ordinary VMs were never replicated: they are gone.
SecondaryTakeover ==
    /\ ~primaryUp /\ secondaryUp /\ mode = "protected"
    /\ mode' = "failedover"
    /\ vmSeq' = [v \in VMs |-> IF v \in CkptVMs THEN committed[v].seq ELSE vmSeq[v]]
    /\ UNCHANGED <<primaryUp, secondaryUp, epoch, inflight, committed, acked, nicVars, wire>>

\* The secondary dies.  The primary does not know yet.
SecondaryCrash ==
    /\ secondaryUp /\ primaryUp /\ mode = "protected"
    /\ secondaryUp' = FALSE
    /\ UNCHANGED <<primaryUp, mode, ckptVars, nicVars, wire>>

\* The primary notices the secondary is gone (missed heartbeats): the NIC
\* releases every buffer, VM by VM in the order o, and stops buffering; the
\* VMs run unprotected.
PrimaryDetectSecondaryLoss(o) ==
    /\ primaryUp /\ ~secondaryUp /\ mode = "protected"
    /\ mode' = "unprotected"
    /\ txHigh' = txHigh \o Drain(o)
    /\ buf' = [v \in CkptVMs |-> <<>>]
    /\ inflight' = [v \in CkptVMs |-> NoCkpt]
    /\ acked' = [v \in CkptVMs |-> NoAck]
    /\ UNCHANGED <<primaryUp, secondaryUp, vmSeq, epoch, committed, txNormal, wire, highStreak>>

-----------------------------------------------------------------------------
(* Specification *)

\* The protocol without failures (a lost ack shows up as an abort).
ProtocolNext ==
    \/ \E v \in VMs : VmEmit(v)
    \/ \E v \in CkptVMs :
        \/ HacStartCheckpoint(v)
        \/ SecondaryApply(v)
        \/ PrimaryReceiveAck(v)
    \/ NicTransmit

FailureNext ==
    \/ \E v \in CkptVMs : HacAbortCheckpoint(v)
    \/ PrimaryCrash
    \/ SecondaryTakeover
    \/ SecondaryCrash
    \/ \E o \in Orders(CkptVMs) : PrimaryDetectSecondaryLoss(o)

Next == ProtocolNext \/ FailureNext

\* The HAC utility checkpoints a VM that has buffered output, the
\* secondary applies what it receives, acks are acted on, the NIC transmits,
\* and a lost secondary or primary is eventually noticed.

Fairness ==
    /\ \A v \in CkptVMs :
        /\ WF_vars(HacStartCheckpoint(v) /\ buf[v] # <<>>)
        /\ WF_vars(SecondaryApply(v))
        /\ WF_vars(PrimaryReceiveAck(v))
    /\ WF_vars(NicTransmit)
    /\ WF_vars(SecondaryTakeover)
    /\ WF_vars(\E o \in Orders(CkptVMs) : PrimaryDetectSecondaryLoss(o))

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Actions by name *)

\* Every step of Next as a record: the action's name and its argument, under
\* the names traces and logs use (v, order).  Next itself stays a disjunction
\* of the actions, so that TLC names each step after its action.
Steps ==
    [name : {"VmEmit"}, v : VMs]
    \cup [name : {"HacStartCheckpoint", "SecondaryApply", "PrimaryReceiveAck",
                  "HacAbortCheckpoint"}, v : CkptVMs]
    \cup [name : {"NicTransmit", "PrimaryCrash", "SecondaryTakeover", "SecondaryCrash"}]
    \cup [name : {"PrimaryDetectSecondaryLoss"}, order : Orders(CkptVMs)]

\* The one dispatch from a step record to the action it names: trace
\* validation and simulation wrap the protocol's actions through it.
\* Next <=> \E s \in Steps : Step(s).
Step(s) ==
    CASE s.name = "VmEmit"                     -> VmEmit(s.v)
      [] s.name = "HacStartCheckpoint"         -> HacStartCheckpoint(s.v)
      [] s.name = "SecondaryApply"             -> SecondaryApply(s.v)
      [] s.name = "PrimaryReceiveAck"          -> PrimaryReceiveAck(s.v)
      [] s.name = "HacAbortCheckpoint"         -> HacAbortCheckpoint(s.v)
      [] s.name = "NicTransmit"                -> NicTransmit
      [] s.name = "PrimaryCrash"               -> PrimaryCrash
      [] s.name = "SecondaryTakeover"          -> SecondaryTakeover
      [] s.name = "SecondaryCrash"             -> SecondaryCrash
      [] s.name = "PrimaryDetectSecondaryLoss" -> PrimaryDetectSecondaryLoss(s.order)

-----------------------------------------------------------------------------
(* Safety *)

TypeOK ==
    /\ primaryUp \in BOOLEAN
    /\ secondaryUp \in BOOLEAN
    /\ mode \in {"protected", "unprotected", "failedover"}
    /\ vmSeq \in [VMs -> Nat]
    /\ epoch \in [CkptVMs -> Nat \ {0}]
    /\ inflight \in [CkptVMs -> Checkpoint]
    /\ committed \in [CkptVMs -> Checkpoint]
    /\ acked \in [CkptVMs -> Nat]
    /\ buf \in [CkptVMs -> Seq(BufFrame)]
    /\ txHigh \in Seq(TxFrame)
    /\ txNormal \in Seq(TxFrame)
    /\ wire \in Seq(TxFrame)
    /\ highStreak \in Nat

BufferBound == \A v \in CkptVMs : Len(buf[v]) <= Cap

\* Output commit: while protected, no frame of a checkpointing VM is on its
\* way out, or out, unless the checkpoint that covers it is applied.
OutputCommit ==
    mode = "protected" =>
        \A v \in CkptVMs :
            /\ \A i \in DOMAIN txHigh : txHigh[i].vm = v => txHigh[i].seq <= committed[v].seq
            /\ \A i \in DOMAIN wire : wire[i].vm = v => wire[i].seq <= committed[v].seq

\* The world never sees a VM's past twice or out of order: per VM, the seqs
\* on the wire strictly increase, across a takeover too.
ExternalConsistency ==
    \A i, j \in DOMAIN wire :
        i < j /\ wire[i].vm = wire[j].vm => wire[i].seq < wire[j].seq

\* Under backpressure no frame is lost before a crash: every frame a VM has
\* emitted is buffered, queued or on the wire.
NoLossUnderBackpressure ==
    (Overflow # "drop" /\ primaryUp /\ mode # "failedover") =>
        \A v \in VMs :
            LET out == SelectSeq(txHigh \o txNormal \o wire, LAMBDA f : f.vm = v)
                held == IF v \in CkptVMs THEN Len(buf[v]) ELSE 0
            IN held + Len(out) = vmSeq[v]

\* Strict priority: an ordinary frame goes out only when no released frame
\* waits.  An action property.
OrdinarySent == Len(txNormal') < Len(txNormal) /\ Len(wire') > Len(wire)
StrictPriority == [][Policy = "strict" /\ OrdinarySent => txHigh = <<>>]_vars

\* Bounded bypass: at most K released frames in a row while an ordinary
\* frame waits.
BoundedBypass == Policy = "bypass" => highStreak <= K

\* An ordinary VM's emit never waits on checkpoint state: whenever the
\* primary runs it, it can send.
PlainNeverDelayed ==
    \A v \in PlainVMs : (primaryUp /\ mode # "failedover") => ENABLED VmEmit(v)

-----------------------------------------------------------------------------
(* Liveness (under FairSpec) *)

Buffered(v, n) == \E i \in DOMAIN buf[v] : buf[v][i].seq = n
OnWire(v, n)   == \E i \in DOMAIN wire : wire[i] = [vm |-> v, seq |-> n]
Queued(p, n)   == \E i \in DOMAIN txNormal : txNormal[i] = [vm |-> p, seq |-> n]

\* Every buffered frame reaches the wire, unless the primary crashes.
\* Parameterised by the frame numbers to watch (a model supplies them).
BufferedFramesReachWire(Seqs) ==
    \A v \in CkptVMs, n \in Seqs :
        Buffered(v, n) ~> (OnWire(v, n) \/ ~primaryUp)

\* Every started checkpoint commits or aborts.
CheckpointsEnd ==
    \A v \in CkptVMs : (inflight[v] # NoCkpt) ~> (inflight[v] = NoCkpt)

\* What a checkpoint-on-output trigger promises: a frame buffered in the
\* open epoch is eventually covered by a started checkpoint, unless the
\* primary crashes or protection ends.  The weak fairness of
\* HacStartCheckpoint on buffered output is that trigger (the NIC's signal
\* on the first frame of an empty open epoch); safety needs nothing new, as
\* a checkpoint may start at any time.  How soon is not stated: the
\* implementation starts it at once, or when the one in flight ends.
InOpenEpoch(v, n) ==
    \E i \in DOMAIN buf[v] : buf[v][i].seq = n /\ buf[v][i].epoch = epoch[v]
CheckpointCovers(v, n) ==
    \/ inflight[v] # NoCkpt /\ inflight[v].seq >= n
    \/ committed[v].seq >= n
OutputStartsCheckpoint(Seqs) ==
    \A v \in CkptVMs, n \in Seqs :
        InOpenEpoch(v, n) ~> (CheckpointCovers(v, n) \/ ~primaryUp \/ mode # "protected")

\* An ordinary frame is eventually sent, unless the primary crashes (fails
\* under strict priority with unbounded checkpointed traffic; holds under
\* bypass).
OrdinaryFramesProgress(Seqs) ==
    \A p \in PlainVMs, n \in Seqs :
        Queued(p, n) ~> (OnWire(p, n) \/ ~primaryUp)

=============================================================================
