using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MailAuth.Tests.Architecture;

/// <summary>
/// Lists every type reference an assembly makes, from its metadata: base types, interfaces, generic constraints, field,
/// method, property and event signatures, custom attributes, local variables, exception handlers and every token in the
/// IL of every method body. A nested type (a state machine, a lambda's closure) counts under its outermost declaring
/// type's namespace.
/// </summary>
internal sealed class AssemblyReferenceWalker
{
    private static readonly Dictionary<ushort, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => unchecked((ushort)op.Value), op => op.OperandType);

    private readonly MetadataReader _reader;
    private readonly PEReader _pe;
    private readonly SignatureProvider _provider;

    private AssemblyReferenceWalker(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
        _provider = new SignatureProvider(this);
    }

    /// <summary>Every (referencing type, referenced type) pair in the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<TypeEdge> Walk(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return new AssemblyReferenceWalker(pe).WalkAll();
    }

    private List<TypeEdge> WalkAll()
    {
        var edges = new List<TypeEdge>();
        foreach (var handle in _reader.TypeDefinitions)
        {
            var type = _reader.GetTypeDefinition(handle);
            var from = NameOf(handle);
            if (from.FullName == "<Module>")
            {
                continue;
            }

            var targets = new HashSet<TypeName>();
            CollectType(type, targets);
            foreach (var to in targets)
            {
                edges.Add(new TypeEdge(from.FullName, from.Namespace, to.FullName, to.Namespace));
            }
        }

        return edges;
    }

    private void CollectType(TypeDefinition type, HashSet<TypeName> targets)
    {
        AddEntity(type.BaseType, targets);
        foreach (var i in type.GetInterfaceImplementations())
        {
            AddEntity(_reader.GetInterfaceImplementation(i).Interface, targets);
        }

        AddAttributes(type.GetCustomAttributes(), targets);
        AddGenericParameters(type.GetGenericParameters(), targets);

        foreach (var f in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(f);
            targets.UnionWith(field.DecodeSignature(_provider, null));
            AddAttributes(field.GetCustomAttributes(), targets);
        }

        foreach (var p in type.GetProperties())
        {
            var property = _reader.GetPropertyDefinition(p);
            AddMethodSignature(property.DecodeSignature(_provider, null), targets);
            AddAttributes(property.GetCustomAttributes(), targets);
        }

        foreach (var e in type.GetEvents())
        {
            var ev = _reader.GetEventDefinition(e);
            AddEntity(ev.Type, targets);
            AddAttributes(ev.GetCustomAttributes(), targets);
        }

        foreach (var m in type.GetMethods())
        {
            var method = _reader.GetMethodDefinition(m);
            AddMethodSignature(method.DecodeSignature(_provider, null), targets);
            AddAttributes(method.GetCustomAttributes(), targets);
            AddGenericParameters(method.GetGenericParameters(), targets);
            foreach (var p in method.GetParameters())
            {
                AddAttributes(_reader.GetParameter(p).GetCustomAttributes(), targets);
            }

            if (method.RelativeVirtualAddress != 0)
            {
                AddBody(_pe.GetMethodBody(method.RelativeVirtualAddress), targets);
            }
        }
    }

    private void AddBody(MethodBodyBlock body, HashSet<TypeName> targets)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_provider, null))
            {
                targets.UnionWith(local);
            }
        }

        foreach (var region in body.ExceptionRegions)
        {
            AddEntity(region.CatchType, targets);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            ushort code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (ushort)(0xFE00 | il.ReadByte());
            }

            switch (OperandTypes[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    // The count comes first (read it before moving the offset), then one 4-byte target per case.
                    int cases = il.ReadInt32();
                    il.Offset += 4 * cases;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                case OperandType.InlineSig:
                    AddEntity(MetadataTokens.EntityHandle(il.ReadInt32()), targets);
                    break;
                default:
                    // InlineI, InlineBrTarget, InlineString, ShortInlineR: a 4-byte operand that names no type.
                    il.Offset += 4;
                    break;
            }
        }
    }

    private void AddAttributes(CustomAttributeHandleCollection attributes, HashSet<TypeName> targets)
    {
        foreach (var a in attributes)
        {
            AddEntity(_reader.GetCustomAttribute(a).Constructor, targets);
        }
    }

    private void AddGenericParameters(GenericParameterHandleCollection parameters, HashSet<TypeName> targets)
    {
        foreach (var g in parameters)
        {
            var parameter = _reader.GetGenericParameter(g);
            AddAttributes(parameter.GetCustomAttributes(), targets);
            foreach (var c in parameter.GetConstraints())
            {
                AddEntity(_reader.GetGenericParameterConstraint(c).Type, targets);
            }
        }
    }

    private void AddMethodSignature(MethodSignature<ImmutableArray<TypeName>> signature, HashSet<TypeName> targets)
    {
        targets.UnionWith(signature.ReturnType);
        foreach (var p in signature.ParameterTypes)
        {
            targets.UnionWith(p);
        }
    }

    private void AddEntity(EntityHandle handle, HashSet<TypeName> targets)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
            case HandleKind.TypeReference:
                targets.Add(NameOf(handle));
                break;
            case HandleKind.TypeSpecification:
                targets.UnionWith(_reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_provider, null));
                break;
            case HandleKind.FieldDefinition:
                var field = _reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                targets.Add(NameOf(field.GetDeclaringType()));
                targets.UnionWith(field.DecodeSignature(_provider, null));
                break;
            case HandleKind.MethodDefinition:
                var method = _reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                targets.Add(NameOf(method.GetDeclaringType()));
                AddMethodSignature(method.DecodeSignature(_provider, null), targets);
                break;
            case HandleKind.MemberReference:
                var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                AddEntity(member.Parent, targets);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    AddMethodSignature(member.DecodeMethodSignature(_provider, null), targets);
                }
                else
                {
                    targets.UnionWith(member.DecodeFieldSignature(_provider, null));
                }

                break;
            case HandleKind.MethodSpecification:
                var spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddEntity(spec.Method, targets);
                foreach (var argument in spec.DecodeSignature(_provider, null))
                {
                    targets.UnionWith(argument);
                }

                break;
            case HandleKind.StandaloneSignature:
                var standalone = _reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (standalone.GetKind() == StandaloneSignatureKind.Method)
                {
                    AddMethodSignature(standalone.DecodeMethodSignature(_provider, null), targets);
                }

                break;
            default:
                // ModuleReference (P/Invoke) and other scopes name no type.
                break;
        }
    }

    private TypeName NameOf(EntityHandle handle)
    {
        if (handle.Kind == HandleKind.TypeDefinition)
        {
            var type = _reader.GetTypeDefinition((TypeDefinitionHandle)handle);
            string name = _reader.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            if (!declaring.IsNil)
            {
                var outer = NameOf(declaring);
                return new TypeName(outer.Namespace, outer.FullName + "+" + name);
            }

            string ns = _reader.GetString(type.Namespace);
            return new TypeName(ns, ns.Length == 0 ? name : ns + "." + name);
        }
        else
        {
            var type = _reader.GetTypeReference((TypeReferenceHandle)handle);
            string name = _reader.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                var outer = NameOf(type.ResolutionScope);
                return new TypeName(outer.Namespace, outer.FullName + "+" + name);
            }

            string ns = _reader.GetString(type.Namespace);
            return new TypeName(ns, ns.Length == 0 ? name : ns + "." + name);
        }
    }

    /// <summary>A type's full name and the namespace of its outermost declaring type.</summary>
    private readonly record struct TypeName(string Namespace, string FullName);

    /// <summary>Decodes a signature into the set of named types it mentions (generic arguments, array elements, modifiers included).</summary>
    private sealed class SignatureProvider(AssemblyReferenceWalker walker) : ISignatureTypeProvider<ImmutableArray<TypeName>, object?>
    {
        public ImmutableArray<TypeName> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public ImmutableArray<TypeName> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            [walker.NameOf(handle)];

        public ImmutableArray<TypeName> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            [walker.NameOf(handle)];

        public ImmutableArray<TypeName> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeName> GetSZArrayType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetArrayType(ImmutableArray<TypeName> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeName> GetByReferenceType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetPointerType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetPinnedType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetModifiedType(ImmutableArray<TypeName> modifier, ImmutableArray<TypeName> unmodifiedType, bool isRequired) =>
            modifier.AddRange(unmodifiedType);

        public ImmutableArray<TypeName> GetGenericInstantiation(ImmutableArray<TypeName> genericType, ImmutableArray<ImmutableArray<TypeName>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(a => a));

        public ImmutableArray<TypeName> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeName>> signature) =>
            signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(p => p));

        public ImmutableArray<TypeName> GetGenericMethodParameter(object? genericContext, int index) => [];

        public ImmutableArray<TypeName> GetGenericTypeParameter(object? genericContext, int index) => [];
    }
}
