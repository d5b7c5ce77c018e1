/**
 * Preloaded (`node --require`) into every program the offline language host starts: the program ends
 * once the engine is gone. The host ends its programs itself when it notices, but a kill can take the
 * host first, and a program left running keeps registering resources with an engine nobody hears.
 */
import { installEngineWatchdog } from "../provider/resources/engineWatchdog";

installEngineWatchdog();
