/**
 * Preloaded (`node --require`) into the Node.js processes the offline CLI's plugins run: every program
 * the language host starts, and the dynamic provider host (bin/pulumi-resource-pulumi-nodejs). Each
 * ends once the engine is gone.
 *
 * Why a preload: pulumi-line's handlers install the same watchdog when they load in the provider host,
 * but a host killed before its first resource call never loads them, and would idle under PID 1
 * forever. A program, too, must not wait for the language host to end it: a kill can take the host
 * first, and a program left running keeps registering resources with an engine nobody hears.
 */
import { installEngineWatchdog } from "../provider/resources/engineWatchdog";

installEngineWatchdog();
