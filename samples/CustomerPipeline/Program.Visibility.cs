// The benchmark app references this sample; keep its top-level Program out of other assemblies.
internal sealed partial class Program;
