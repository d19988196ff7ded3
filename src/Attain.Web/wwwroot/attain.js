// Small browser-side pieces of the Attain UI: the remembered theme choice and the skip link.
(() => {
    const themeCookie = "attain-theme";

    window.attainTheme = {
        // "dark", "light", or null when the user has not chosen (the system preference applies).
        get: () => {
            const match = document.cookie.match(/(?:^|;\s*)attain-theme=(dark|light)/);
            return match ? match[1] : null;
        },
        set: (value) => {
            document.cookie = `${themeCookie}=${value}; path=/; max-age=31536000; samesite=lax`;
        },
    };

    // The skip link moves keyboard focus to the main content, not just the scroll position, and keeps
    // Blazor's router from treating it as a navigation.
    document.addEventListener("click", (event) => {
        const link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
        const main = document.getElementById("main");
        if (link && main) {
            event.preventDefault();
            event.stopPropagation();
            main.focus();
            main.scrollIntoView();
        }
    }, true);
})();

// Saves bytes made on the server (a dashboard table as CSV or .xlsx) as a file download.
window.attainDownload = (fileName, contentType, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
};
