// The emulator's console: one user's phone screen (chat log, rich menu, chat bar), the channel's users,
// and the webhook deliveries, all read from and acted on through the /_emulator control surface.
// Plain browser JavaScript, no build step and no dependency; it polls, since the control surface has
// no push channel and a second of delay is fine for a person watching.

const CONTROL = "/_emulator";
const POLL_MS = 1000;

const view = { channel: "", userId: "", screenKey: "" };

const $ = id => /** @type {HTMLElement} */ (document.getElementById(id));

async function call(method, path, body) {
    const response = await fetch(`${CONTROL}${path}`, {
        method,
        ...(body !== undefined && {
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
        }),
    });
    const text = await response.text();
    const json = text === "" ? {} : JSON.parse(text);
    if (!response.ok) throw new Error(json.message ?? `${method} ${path}: ${response.status}`);
    return json;
}

const channelPath = suffix => `/channels/${encodeURIComponent(view.channel)}${suffix}`;
const userPath = suffix => channelPath(`/users/${encodeURIComponent(view.userId)}${suffix}`);

function element(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
        if (key === "class") node.className = value;
        else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
        else if (key in node) node[key] = value;
        else node.setAttribute(key, value);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
}

function saveLocation() {
    const params = new URLSearchParams({ channel: view.channel, ...(view.userId && { user: view.userId }) });
    history.replaceState(null, "", `#${params}`);
}

// --- Messages as the user's phone shows them -------------------------------------------------------

/** The words of a flex component tree, as nested boxes: enough to read what the bot sent. */
function flexOutline(component) {
    if (component == null || typeof component !== "object") return null;
    if (component.type === "text" || component.type === "span")
        return element("div", {}, component.text ?? "");
    if (component.type === "button") return element("div", {}, `[${component.action?.label ?? "button"}]`);
    if (component.type === "image") return element("div", { class: "kind" }, "[image]");
    const children = [
        ...(component.contents && Array.isArray(component.contents) ? component.contents : []),
        ...["header", "hero", "body", "footer"].map(part => component[part]),
    ]
        .map(flexOutline)
        .filter(Boolean);
    if (component.type === "carousel")
        return element("div", {}, ...children.map(c => element("div", { class: "box" }, c)));
    return element("div", { class: "box" }, ...children);
}

function messageBody(message) {
    switch (message.type) {
        case "text":
        case "textV2":
            return [message.text];
        case "sticker":
            return [
                element("span", { class: "kind" }, `sticker ${message.packageId}/${message.stickerId}`),
                "🙂",
            ];
        case "image":
        case "video":
        case "audio":
        case "file":
            return [
                element("span", { class: "kind" }, `[${message.type}]`),
                message.originalContentUrl ?? "",
            ];
        case "location":
            return [element("span", { class: "kind" }, "location"), `${message.title}\n${message.address}`];
        case "template": {
            const t = message.template ?? {};
            const actions = (t.actions ?? t.columns?.flatMap(c => c.actions) ?? []).map(
                a => `[${a.label ?? a.type}]`,
            );
            return [
                element("span", { class: "kind" }, `template ${t.type}: ${message.altText}`),
                element(
                    "div",
                    { class: "box" },
                    [t.title, t.text, actions.join(" ")].filter(Boolean).join("\n"),
                ),
            ];
        }
        case "flex":
            return [
                element("span", { class: "kind" }, `flex: ${message.altText}`),
                flexOutline(message.contents),
            ];
        default:
            return [element("span", { class: "kind" }, `[${message.type}]`), message.altText ?? ""];
    }
}

function renderChat(messages) {
    const list = $("chat");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(
        ...messages.map(m =>
            element(
                "li",
                { class: `from-${m.from}`, title: `${m.via} · ${m.sentAt}` },
                element("div", { class: "bubble" }, ...messageBody(m.message)),
            ),
        ),
    );
    if (atBottom) list.scrollTop = list.scrollHeight;
}

// --- The rich menu: image, tap areas, chat bar -----------------------------------------------------

function actionLabel(action) {
    if (action.label) return action.label;
    if (action.type === "richmenuswitch") return `switch to ${action.richMenuAliasId}`;
    if (action.type === "message") return action.text;
    if (action.type === "uri") return action.uri;
    return `${action.type} ${action.data ?? ""}`.trim();
}

function pickerValue(action) {
    const example = { date: "2026-12-24", time: "12:00", datetime: "2026-12-24T12:00" }[action.mode];
    const value = window.prompt(`Pick a ${action.mode}`, action.initial ?? example);
    return value === null ? undefined : { [action.mode]: value };
}

async function tap(index, action) {
    const extra = action.type === "datetimepicker" ? pickerValue(action) : {};
    if (extra === undefined) return;
    await call("POST", userPath("/tap"), { area: index, ...extra });
    await refresh();
}

function renderMenu(screen) {
    const menu = screen.richMenu;
    $("rich-menu").hidden = menu === null;
    if (menu === null) return;
    const key = `${menu.richMenuId}:${screen.menuOpen}`;
    const chatBar = $("chat-bar");
    chatBar.textContent = menu.chatBarText;
    chatBar.setAttribute("aria-expanded", String(screen.menuOpen));
    $("menu-image-frame").hidden = !screen.menuOpen;
    if (key === view.screenKey) return;
    view.screenKey = key;
    const image = /** @type {HTMLImageElement} */ ($("menu-image"));
    image.src = menu.imageUrl;
    image.alt = menu.name;
    image.dataset.richMenuId = menu.richMenuId;
    const { width, height } = menu.size;
    const percent = (value, whole) => `${(100 * value) / whole}%`;
    $("menu-image-frame").replaceChildren(
        image,
        ...menu.areas.map((area, index) =>
            element(
                "button",
                {
                    type: "button",
                    class: "area",
                    title: actionLabel(area.action),
                    "aria-label": actionLabel(area.action),
                    "data-area": String(index),
                    style: [
                        `left:${percent(area.bounds.x, width)}`,
                        `top:${percent(area.bounds.y, height)}`,
                        `width:${percent(area.bounds.width, width)}`,
                        `height:${percent(area.bounds.height, height)}`,
                    ].join(";"),
                    onclick: () => tap(index, area.action).catch(report),
                },
                element("span", {}, actionLabel(area.action)),
            ),
        ),
    );
}

// --- Users and deliveries ---------------------------------------------------------------------------

function renderUsers(users) {
    $("users").replaceChildren(
        ...users.map(user =>
            element(
                "li",
                {},
                element(
                    "button",
                    {
                        type: "button",
                        "aria-pressed": String(user.userId === view.userId),
                        "data-user-id": user.userId,
                        onclick: () => selectUser(user.userId),
                    },
                    user.displayName,
                    element(
                        "span",
                        { class: "status" },
                        user.blocked ? "blocked" : user.friend ? "friend" : "",
                    ),
                ),
            ),
        ),
    );
    const current = users.find(u => u.userId === view.userId);
    $("chat-title").textContent = current ? current.displayName : "No user selected";
}

function renderDeliveries(deliveries) {
    $("deliveries").replaceChildren(
        ...[...deliveries].reverse().map(d => {
            const outcome =
                d.status === "delivered"
                    ? `delivered (${d.statusCode ?? 200})`
                    : `failed: ${d.reason}${d.statusCode ? ` ${d.statusCode}` : ""}`;
            return element(
                "li",
                { class: d.status, "data-delivery-id": d.id },
                element("strong", {}, d.events.map(e => e.type).join(", ") || "(no events)"),
                ` · ${outcome}${d.isRedelivery ? " · redelivery" : ""} · ${d.sentAt}`,
                element(
                    "details",
                    {},
                    element("summary", {}, d.url),
                    element("pre", {}, JSON.stringify(d.events, null, 2)),
                ),
            );
        }),
    );
}

async function refresh() {
    if (view.channel === "") return;
    const [{ users }, state, { deliveries }] = await Promise.all([
        call("GET", channelPath("/users")),
        call("GET", channelPath("/state")),
        call("GET", channelPath("/deliveries")),
    ]);
    /** @type {HTMLInputElement} */ ($("webhook-active")).checked = state.webhook.active;
    $("webhook-endpoint").textContent = state.webhook.endpoint ?? "no webhook URL set";
    renderUsers(users);
    renderDeliveries(deliveries);
    if (view.userId === "" || !users.some(u => u.userId === view.userId)) {
        $("rich-menu").hidden = true;
        $("chat").replaceChildren();
        return;
    }
    const [screen, { messages }] = await Promise.all([
        call("GET", userPath("/screen")),
        call("GET", userPath("/chat")),
    ]);
    renderMenu(screen);
    renderChat(messages);
}

function selectUser(userId) {
    view.userId = userId;
    view.screenKey = "";
    saveLocation();
    refresh().catch(report);
}

function report(error) {
    console.error(error);
    $("chat-title").textContent = String(error.message ?? error);
}

async function start() {
    const { channels } = await call("GET", "/channels");
    const wanted = new URLSearchParams(location.hash.slice(1));
    const select = /** @type {HTMLSelectElement} */ ($("channel"));
    select.replaceChildren(...channels.map(c => element("option", { value: c.name }, c.name)));
    view.channel = channels.some(c => c.name === wanted.get("channel"))
        ? wanted.get("channel")
        : channels[0].name;
    view.userId = wanted.get("user") ?? "";
    select.value = view.channel;
    select.addEventListener("change", () => {
        view.channel = select.value;
        selectUser("");
    });
    $("webhook-active").addEventListener("change", event =>
        call("PUT", channelPath("/webhook-active"), { active: event.target.checked }).catch(report),
    );
    $("chat-bar").addEventListener("click", () => {
        const open = $("chat-bar").getAttribute("aria-expanded") !== "true";
        call("PUT", userPath("/screen"), { menuOpen: open }).then(refresh).catch(report);
    });
    $("composer").addEventListener("submit", event => {
        event.preventDefault();
        const input = /** @type {HTMLInputElement} */ ($("message-text"));
        if (view.userId === "" || input.value === "") return;
        call("POST", userPath("/messages"), { text: input.value })
            .then(() => {
                input.value = "";
                return refresh();
            })
            .catch(report);
    });
    $("add-user").addEventListener("submit", event => {
        event.preventDefault();
        const input = /** @type {HTMLInputElement} */ ($("new-user-name"));
        const displayName = input.value.trim();
        call("POST", channelPath("/users"), { users: [displayName ? { displayName } : {}] })
            .then(({ userIds }) => {
                input.value = "";
                selectUser(userIds[0]);
            })
            .catch(report);
    });
    await refresh();
    setInterval(() => refresh().catch(report), POLL_MS);
}

start().catch(report);
