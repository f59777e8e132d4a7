/**
 * The watch kinds this build knows, registered by name in the order detection runs them. A new kind is a
 * file beside these and one line here.
 */
import { endpointObserver } from "./endpoint.js";
import { registerObserver } from "./observer.js";
import { telegramRecordObserver } from "./telegram-record.js";

registerObserver(telegramRecordObserver);
registerObserver(endpointObserver);

export { registeredObservers, type ObserveContext, type WatchObserver, type HistorySample } from "./observer.js";
export type { EndpointObservation } from "./endpoint.js";
export type { TelegramObservation } from "./telegram-record.js";
