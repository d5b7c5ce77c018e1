import assert from "node:assert/strict";
import { LineProviderError } from "../../../provider/client";
import { addSendGate } from "../../../provider/client/sendGate";
import { useEmulator } from "../../support/emulator";
import { clientFor, fakeTiming, menuRequest, resetBeforeEach, wire } from "./fixtures";

/**
 * A send gate refuses calls for every client of the process at the moment of sending: a refused call
 * never reaches LINE, whether it is a first attempt or a retry.
 */
describe("client send gates", () => {
    const line = useEmulator({ rateLimits: false });
    resetBeforeEach(line);
    let removeGates: (() => void)[] = [];
    afterEach(() => {
        for (const remove of removeGates) remove();
        removeGates = [];
    });
    const gate = (decide: () => void) => removeGates.push(addSendGate(decide));
    const refusal = () => new LineProviderError("the engine is gone");

    it("lets calls through while every gate passes", async () => {
        gate(() => undefined);
        await clientFor(line).getRichMenuList();
        assert.deepEqual(await wire(line), ["GET /v2/bot/richmenu/list 200"]);
    });

    it("refuses a call with the gate's error and sends nothing", async () => {
        gate(() => {
            throw refusal();
        });
        await assert.rejects(clientFor(line).createRichMenu(menuRequest()), (error: unknown) => {
            assert.ok(LineProviderError.isInstance(error));
            assert.equal((error as Error).message, "the engine is gone");
            return true;
        });
        assert.deepEqual(await wire(line), []);
    });

    it("holds for clients made before the gate was installed", async () => {
        const client = clientFor(line);
        gate(() => {
            throw refusal();
        });
        await assert.rejects(client.getRichMenuList());
        assert.deepEqual(await wire(line), []);
    });

    it("refuses the retry of a call that was let through once", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/richmenu/list", status: 500, times: 1 });
        let open = true;
        gate(() => {
            if (!open) throw refusal();
        });
        const client = clientFor(line, {
            retry: { retries: 3 },
            timing: fakeTiming(),
            onRequest: event => {
                // The engine goes away between the first attempt and its retry.
                if (event.outcome === "retry") open = false;
            },
        });
        await assert.rejects(client.getRichMenuList(), /the engine is gone/);
        assert.deepEqual(await wire(line), ["GET /v2/bot/richmenu/list 500"]);
    });

    it("stops refusing once the gate is removed", async () => {
        const remove = addSendGate(() => {
            throw refusal();
        });
        remove();
        await clientFor(line).getRichMenuList();
        assert.deepEqual(await wire(line), ["GET /v2/bot/richmenu/list 200"]);
    });
});
