/**
 * Checks that run before every attempt of every LINE call, in every client of the process. A gate
 * refuses a call by throwing; the call then fails with that error and is never sent.
 *
 * Why a process-wide hook rather than a client option: what a gate knows is a fact about the process
 * (the Pulumi engine that started this provider host is gone, see resources/engineWatchdog.ts), and
 * clients are made per handler call in places that know nothing of it. The client layer cannot ask the
 * resources layer, so the resources layer installs its gate here.
 *
 * The gates live on `globalThis` under a registry symbol: Pulumi can load two copies of this package
 * in one provider host (the serialized provider's and the installed one, see errors.ts), and a gate
 * installed through one copy must hold for clients made by the other.
 */

/** Throws to refuse the call about to be sent; returns to let it through. */
export type SendGate = () => void;

const GATES = Symbol.for("pulumi-line.sendGates");

function gates(): Set<SendGate> {
    const global = globalThis as { [GATES]?: Set<SendGate> };
    global[GATES] ??= new Set();
    return global[GATES];
}

/** Installs a gate for every client of the process; returns the function that removes it again. */
export function addSendGate(gate: SendGate): () => void {
    gates().add(gate);
    return () => {
        gates().delete(gate);
    };
}

/** Runs every gate; throws the first refusal. The HTTP layer calls it right before each attempt. */
export function passSendGates(): void {
    for (const gate of gates()) gate();
}
