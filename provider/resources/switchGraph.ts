import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_CHANNEL } from "./credentials";

/**
 * The switch-graph check: every `richmenuswitch` action should target an alias the same program
 * declares, or the tab silently fails for users (LINE answers RICHMENU_ALIAS_ID_NOTFOUND at tap time).
 *
 * This runs in the program, not the provider: it needs to see every resource at once. Resources are
 * registered as they are constructed; the comparison waits until the program's synchronous part has
 * declared them all, and reports at preview as a warning on the menu.
 */

const declaredAliases = new Map<string, Set<string>>();
let pending: (() => void)[] = [];
let scheduled = false;

function aliasesOf(channel: string): Set<string> {
    let set = declaredAliases.get(channel);
    if (set === undefined) declaredAliases.set(channel, (set = new Set()));
    return set;
}

function schedule(check: () => void): void {
    pending.push(check);
    if (scheduled) return;
    scheduled = true;
    // setImmediate runs after the program's synchronous body and the promise jobs it queued.
    setImmediate(() => {
        scheduled = false;
        const checks = pending;
        pending = [];
        for (const run of checks) run();
    });
}

export function registerAlias(
    richMenuAliasId: pulumi.Input<string>,
    channel: pulumi.Input<string> | undefined,
): void {
    pulumi.all([richMenuAliasId, channel]).apply(([id, ch]) => {
        aliasesOf(ch ?? DEFAULT_CHANNEL).add(id);
    });
}

interface SwitchArea {
    readonly action?: { readonly type?: string; readonly richMenuAliasId?: string };
}

export function registerSwitchTargets(
    menuName: string,
    channel: pulumi.Input<string> | undefined,
    areas: pulumi.Input<pulumi.Input<SwitchArea>[]>,
    resource?: pulumi.Resource,
): void {
    pulumi.all([pulumi.output(areas), channel]).apply(([resolved, ch]) => {
        schedule(() => {
            const known = aliasesOf(ch ?? DEFAULT_CHANNEL);
            (resolved as SwitchArea[]).forEach((area, i) => {
                const target =
                    area?.action?.type === "richmenuswitch" ? area.action.richMenuAliasId : undefined;
                if (target !== undefined && !known.has(target)) {
                    pulumi.log.warn(
                        `rich menu "${menuName}" areas[${i}] switches to alias "${target}", which this program does ` +
                            "not declare: the tab will fail for users unless the alias exists in the channel",
                        resource,
                    );
                }
            });
        });
    });
}
